import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { threadCpuSeconds } from './thread-cpu';

const onLinux = process.platform === 'linux';

describe.runIf(onLinux)('thread CPU time', () => {
  it("grows with this thread's own work", () => {
    const before = threadCpuSeconds()!;
    let spent = before;
    // Busy until the kernel has charged at least two ticks to this thread (bounded by iterations).
    for (let round = 0; round < 2000 && spent < before + 0.02; round += 1) {
      let sum = 0;
      for (let i = 0; i < 1e6; i += 1) sum += i;
      expect(sum).toBeGreaterThan(0);
      spent = threadCpuSeconds()!;
    }
    expect(spent).toBeGreaterThanOrEqual(before + 0.02);
  });

  it("does not count another thread's work", async () => {
    const before = threadCpuSeconds()!;
    // The worker spins until its own thread has used 0.5 s of CPU, then reports it.
    const worker = new Worker(
      `const fs = require('node:fs');
       const cpu = () => { const s = fs.readFileSync('/proc/thread-self/stat', 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
       const start = cpu(); while (cpu() < start + 0.5) { for (let i = 0; i < 1e6; i += 1); }
       require('node:worker_threads').parentPort.postMessage(cpu() - start);`,
      { eval: true },
    );
    const workerSpent = await new Promise<number>((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(workerSpent).toBeGreaterThanOrEqual(0.5);
    // This thread only waited meanwhile (process.cpuUsage() would include the worker's 0.5 s).
    expect(threadCpuSeconds()! - before).toBeLessThan(0.4);
  });
});
