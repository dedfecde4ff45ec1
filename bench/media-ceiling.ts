// `npm run bench -- media-ceiling`: how far the relay goes with MEDIA_WORKERS=0 (relays in the
// server's main thread) against N worker threads, in one run. S streams (the 720p clip, ~1.5
// Mbit/s each, publishers in one child process) get more and more viewers (two child processes,
// stream i's viewers in process i mod 2) until the relay saturates: loss over 2 %, fewer viewers
// connected than asked, or the busiest relay thread over 90 % of a core. Per step it prints the
// forwarded Mbit/s, each relay thread's own CPU (/proc/thread-self, so the viewers' and
// publishers' processes are not counted), the loss, /healthz latency from a fourth process (the
// main thread's responsiveness), the viewer processes' CPU and the load average.
//
// On a 2-core machine the viewers need about as much CPU as the relay, so two relay threads
// cannot both get a core while their viewers run: the bench prints both the measured ceiling
// (what this machine reached) and each configuration's relay cost per forwarded Mbit/s per
// thread, which gives the ceiling the relay threads would reach with a core each.
//
// Flags: --workers 0,2 (configurations, in order; repeat to alternate, e.g. 0,2,0,2)
// --streams 4 --steps 2,4,8,12,16,24 (viewers per stream) --window 8 --warmup 4 (seconds).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadCpuSeconds } from '../server/src/modules/media/thread-cpu';
import { openBenchDatabase } from './lib/bench-database';
import {
  addSamples,
  clip720p,
  createDevice,
  flags,
  loadAverage,
  machineLine,
  numbers,
  operatorToken,
  Peers,
  sleep,
  startBenchServer,
  weriftVersion,
} from './lib/media-bench';
import { fmt, percentile } from './lib/stats';

const options = flags({ workers: '0,2', streams: '4', steps: '2,4,8,12,16,24', window: '8', warmup: '4' });
const CONFIGS = numbers('workers', options.workers);
const STREAMS = numbers('streams', options.streams)[0]!;
const STEPS = numbers('steps', options.steps);
const WINDOW_SECONDS = Number(options.window);
const WARMUP_SECONDS = Number(options.warmup);
const MAX_LOSS = 0.02;
const MAX_THREAD_CPU = 90;

const database = await openBenchDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-media-ceiling-'));

interface Step {
  viewers: number;
  forwardedMbps: number;
  loss: number;
  /** % of a core per relay thread: the main thread, then each worker. */
  threadCpu: number[];
  saturated: string | null;
}

interface Outcome {
  workers: number;
  /** Highest forwarded Mbit/s of a step that was not saturated. */
  ceilingMbps: number;
  saturatedBy: string;
  /** % of a core per forwarded Mbit/s over all relay threads (workers: the workers only). */
  relayCostPerMbps: number | null;
  /** The same for forwarding alone: minus the relay threads' CPU with no viewers (publishers, recording). */
  marginalCostPerMbps: number | null;
  /** Relay threads' CPU with no viewers, % of a core in all. */
  baselineCpu: number;
  mainCostPerMbps: number | null;
  healthzP95: number[];
}

async function measure(workers: number, round: number): Promise<Outcome> {
  const { app, url } = await startBenchServer(database, {
    MEDIA_WORKERS: String(workers),
    DATA_DIR: path.join(dataDir, `run-${round}`),
  });
  const clip = await clip720p();
  const operator = await operatorToken(app, database, `bench-operator-${round}`);
  const publishers = await Peers.start('publishers');
  const viewerProcesses = [await Peers.start('viewers-a'), await Peers.start('viewers-b')];
  const prober = await Peers.start('probe');
  const streamIds: string[] = [];
  try {
    for (let index = 0; index < STREAMS; index += 1) {
      const device = await createDevice(database, `BENCH-CEILING-${round}-${index}`);
      const { streamId } = await publishers.ask<{ streamId: string }>({
        cmd: 'publish',
        url: `${url}/api/media/devices/${device.id}/whip`,
        token: device.token,
        clip,
      });
      streamIds.push(streamId);
    }
    const ended: string[] = [];
    app.services.media.on('stream', (stream) => {
      if (streamIds.includes(stream.id) && stream.state !== 'live')
        ended.push(
          `${stream.id.slice(0, 8)} ${stream.state}${stream.endReason ? ` (${stream.endReason})` : ''}`,
        );
    });
    await sleep(3000);
    console.log(
      `\n### MEDIA_WORKERS=${workers}: ${STREAMS} streams, relay ${workers === 0 ? 'in the main thread' : `in ${workers} worker threads`}\n`,
    );
    console.log(
      '| viewers (per stream × streams) | forwarded Mbit/s | relay threads CPU, % of a core | main thread CPU % | % per forwarded Mbit/s (relay threads) | loss | /healthz p50 / p95 ms | viewer processes CPU % | load avg |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    const steps: Step[] = [];
    const healthzP95: number[] = [];
    for (const perStream of [0, ...STEPS]) {
      const failed: string[] = [];
      for (const [index, streamId] of streamIds.entries()) {
        if (perStream === 0) break;
        const added = await viewerProcesses[index % 2]!.ask<{ failed: string[] }>({
          cmd: 'viewers',
          url: `${url}/api/streams/${streamId}/whep`,
          token: operator,
          count: perStream,
        });
        failed.push(...added.failed);
      }
      if (failed.length > 0) console.log(`   ${failed.length} viewer setups failed: ${failed[0]}`);
      await sleep(WARMUP_SECONDS * 1000);
      const before = addSamples(await Promise.all(viewerProcesses.map((peers) => peers.sample())));
      const threadsBefore = relayThreadCpu(app);
      const startedAt = performance.now();
      const probe = prober.ask<{ ms: number[]; failed: number }>({
        cmd: 'probe',
        url: `${url}/healthz`,
        seconds: WINDOW_SECONDS - 0.5,
        intervalMs: 100,
      });
      await sleep(WINDOW_SECONDS * 1000);
      const seconds = (performance.now() - startedAt) / 1000;
      const threadsAfter = relayThreadCpu(app);
      const after = addSamples(await Promise.all(viewerProcesses.map((peers) => peers.sample())));
      const latency = await probe;
      const threadCpu = threadsAfter.map((cpu, index) => ((cpu - threadsBefore[index]!) / seconds) * 100);
      const relayThreads = workers === 0 ? threadCpu : threadCpu.slice(1);
      const relayCpu = relayThreads.reduce((sum, cpu) => sum + cpu, 0);
      const forwardedMbps = ((after.bytes - before.bytes) * 8) / seconds / 1e6;
      const expected = after.expected - before.expected;
      const loss = expected > 0 ? Math.max(0, 1 - (after.packets - before.packets) / expected) : 0;
      const wanted = perStream * STREAMS;
      let saturated: string | null = null;
      if (perStream > 0) {
        if (after.connected < wanted) saturated = `${after.connected} of ${wanted} viewers connected`;
        else if (loss > MAX_LOSS) saturated = `loss ${fmt(loss * 100, 1)} %`;
        else if (Math.max(...relayThreads) > MAX_THREAD_CPU)
          saturated = `a relay thread at ${fmt(Math.max(...relayThreads), 0)} % of a core`;
      }
      steps.push({ viewers: perStream, forwardedMbps, loss, threadCpu, saturated });
      const p50 = percentile(latency.ms, 50);
      const p95 = percentile(latency.ms, 95);
      healthzP95.push(p95);
      console.log(
        `| ${perStream} × ${STREAMS} = ${wanted} | ${fmt(forwardedMbps, 1)} | ${relayThreads.map((cpu) => fmt(cpu, 0)).join(' + ')} | ` +
          `${fmt(threadCpu[0]!, 0)} | ${perStream > 0 ? fmt(relayCpu / forwardedMbps, 2) : '–'} | ` +
          `${perStream > 0 ? `${fmt(loss * 100, 2)} %` : '–'} | ${fmt(p50, 1)} / ${fmt(p95, 1)}${latency.failed ? ` (${latency.failed} failed)` : ''} | ` +
          `${fmt(after.cpuPercent, 0)} | ${loadAverage()} |`,
      );
      if (saturated) {
        console.log(`   saturated: ${saturated}`);
        break;
      }
    }
    if (ended.length > 0) console.log(`   streams that left "live": ${ended.join('; ')}`);
    const clean = steps.filter((step) => step.viewers > 0 && !step.saturated);
    const top = clean.at(-1);
    const cost = (step: Step | undefined, threads: number[] | undefined) =>
      step && threads ? threads.reduce((sum, cpu) => sum + cpu, 0) / step.forwardedMbps : null;
    const relayTotal = (step: Step) =>
      (workers === 0 ? step.threadCpu : step.threadCpu.slice(1)).reduce((sum, cpu) => sum + cpu, 0);
    const baselineCpu = relayTotal(steps[0]!);
    return {
      workers,
      baselineCpu,
      marginalCostPerMbps: top ? (relayTotal(top) - baselineCpu) / top.forwardedMbps : null,
      ceilingMbps: top?.forwardedMbps ?? 0,
      saturatedBy:
        steps.at(-1)?.saturated ?? `not reached (the last step, ${STEPS.at(-1)} per stream, was clean)`,
      relayCostPerMbps: cost(top, workers === 0 ? top?.threadCpu : top?.threadCpu.slice(1)),
      mainCostPerMbps: cost(top, top ? [top.threadCpu[0]!] : undefined),
      healthzP95,
    };
  } finally {
    await Promise.allSettled([publishers, prober, ...viewerProcesses].map((peers) => peers.stop()));
    await app.close();
  }
}

/** Forwarded Mbit/s at which every relay thread would be at 100 % of a core, from this run's costs. */
function projectedCeiling(outcome: Outcome): number | null {
  if (!outcome.marginalCostPerMbps || outcome.marginalCostPerMbps <= 0) return null;
  return (Math.max(1, outcome.workers) * 100 - outcome.baselineCpu) / outcome.marginalCostPerMbps;
}

/** CPU seconds of the main thread, then of each relay worker (from its last heartbeat). */
function relayThreadCpu(app: Awaited<ReturnType<typeof startBenchServer>>['app']): number[] {
  const main = threadCpuSeconds() ?? Number.NaN;
  const workers = app.services.media
    .relayLoad()
    .filter((load) => load.worker !== null)
    .map((load) => load.cpuSeconds ?? Number.NaN);
  return [main, ...workers];
}

async function main(): Promise<void> {
  console.log(machineLine('media-ceiling benchmark'));
  console.log(
    `relay: this process (werift ${weriftVersion()}); publishers: one child process (${STREAMS} × ffmpeg -c copy of the 720p clip); ` +
      `viewers: two child processes; /healthz timed every 100 ms from a fourth; ${WINDOW_SECONDS} s per step after ${WARMUP_SECONDS} s warm-up`,
  );
  const outcomes: Outcome[] = [];
  for (const [round, workers] of CONFIGS.entries()) outcomes.push(await measure(workers, round));

  console.log('\n### Summary\n');
  console.log(
    '| run | MEDIA_WORKERS | measured ceiling, forwarded Mbit/s | what stopped it | relay threads, % of a core per Mbit/s (all / forwarding only) | relay threads with no viewers, % of a core | projected ceiling with a core per relay thread, Mbit/s | main thread % per Mbit/s | /healthz p95 ms by step |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [index, outcome] of outcomes.entries()) {
    const projected = projectedCeiling(outcome);
    console.log(
      `| ${index + 1} | ${outcome.workers} | ${fmt(outcome.ceilingMbps, 1)} | ${outcome.saturatedBy} | ` +
        `${outcome.relayCostPerMbps ? fmt(outcome.relayCostPerMbps, 2) : '–'} / ${outcome.marginalCostPerMbps ? fmt(outcome.marginalCostPerMbps, 2) : '–'} | ` +
        `${fmt(outcome.baselineCpu, 0)} | ${projected ? fmt(projected, 0) : '–'} | ` +
        `${outcome.mainCostPerMbps ? fmt(outcome.mainCostPerMbps, 2) : '–'} | ${outcome.healthzP95.map((ms) => fmt(ms, 1)).join(', ')} |`,
    );
  }
  // Each run with workers against the nearest run before it (else after it) in the main thread or
  // one worker: alternating configurations (0,2,0,2) pair up runs made under similar load.
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.workers < 2) continue;
    const earlier = outcomes.slice(0, index).reverse();
    const single = [...earlier, ...outcomes.slice(index + 1)].find((candidate) => candidate.workers <= 1);
    if (!single || single.ceilingMbps === 0) continue;
    const [mine, theirs] = [projectedCeiling(outcome), projectedCeiling(single)];
    console.log(
      `\nrun ${index + 1} (MEDIA_WORKERS=${outcome.workers}) against run ${outcomes.indexOf(single) + 1} (MEDIA_WORKERS=${single.workers}): ` +
        `measured ceiling ${fmt(outcome.ceilingMbps / single.ceilingMbps, 2)}×` +
        (mine && theirs ? `, projected with a core per relay thread ${fmt(mine / theirs, 2)}×` : ''),
    );
  }
  console.log(`(load average ${loadAverage()} at the end)`);
  console.log(
    '\nforwarded: RTP bytes that reached the viewers; relay threads: with MEDIA_WORKERS=0 the main thread (which also serves HTTP, ' +
      'the database and sockets), else the worker threads; CPU per thread from /proc/thread-self; projected: what the relay threads have ' +
      'left with a whole core each (threads × 100 % minus their CPU with no viewers) ÷ the forwarding-only % per Mbit/s.',
  );
}

try {
  await main();
} finally {
  await Peers.stopAll();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
