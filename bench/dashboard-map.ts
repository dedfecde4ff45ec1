// `npm run bench -- dashboard-map`: what live positions cost the dashboard's main thread, in
// headless Chromium, with 1,000 and 5,000 officers moving at 1 Hz. The page (dashboard/bench.html)
// is the real officers layer and position store; batches arrive every 500 ms as JSON text, like
// the server's LIVE_INTERVAL_MS batches (each holds the officers that moved since the last one).
// Per batch it reports: parse + store, the layer's flush (features + setData, at most one per
// frame), and all main-thread work of the renderer (from a Chrome trace: every task on
// CrRendererMain, so also MapLibre's drawing and its worker messages) minus the same page idle,
// as CPU time (robust on a shared machine) and wall time, and the JavaScript part of it. Options (env): OFFICERS (e.g. "1000,5000"),
// SECONDS (per run, default 20), ZOOM (default 14: the whole town, no clustering).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
// @ts-expect-error plain JavaScript module without types
import { buildDashboard } from '../scripts/lib/prepare.mjs';
import { fmt, summarize } from './lib/stats';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dashboard/dist');
const OFFICERS = (process.env.OFFICERS ?? '1000,5000').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? 20);
const ZOOM = Number(process.env.ZOOM ?? 14);
const BATCH_MS = 500;
/** Layers left out (comma-separated ids), to see what each one costs. */
const HIDE = process.env.HIDE ?? '';

await (buildDashboard as (label: string) => Promise<void>)('bench');
const server = await serveStatic(dist);
const address = server.address() as { port: number };
const base = `http://127.0.0.1:${address.port}`;
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-bench-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1600, height: 900 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
  ],
});

try {
  console.log(
    `dashboard-map benchmark — ${new Date().toISOString()}, headless Chromium (software WebGL), ` +
      `${os.cpus().length} cores, 1600×900, zoom ${ZOOM}, batches every ${BATCH_MS} ms, ${SECONDS} s per run\n`,
  );
  const rows = [];
  for (const officers of OFFICERS) rows.push(await run(officers));
  console.log(
    '\n| officers | batch size | parse + store p50 / p95 | flush (features + setData) p50 / p95 | main thread per batch, idle subtracted | of which JavaScript | flushes per batch | MapLibre frames per batch | MapLibre workers CPU per batch | renderer process CPU per batch | GPU process CPU per batch | long tasks > 50 ms |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
} finally {
  await context.close();
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

async function run(officers: number): Promise<string> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${base}/bench.html?officers=${officers}&zoom=${ZOOM}&hide=${HIDE}`);
  await page.waitForFunction(() => window.fccBench?.ready === true, null, { timeout: 60_000 });
  const drawn = await page.evaluate(() => window.fccBench!.drawn());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const batches = Math.round((SECONDS * 1000) / BATCH_MS);
  // At 1 Hz each, an officer appears in every other 500 ms batch.
  const perBatch = Math.ceil(officers / 2);
  await page.evaluate(([count, size]) => window.fccBench!.prepare(count, size), [batches, perBatch] as const);
  await observeLongTasks(page);

  const idle = await mainThread(cdp, async () => page.waitForTimeout(SECONDS * 1000));
  await page.evaluate(() => window.fccBench!.clearMeasures());
  const ingest: number[] = [];
  const busy = await mainThread(cdp, async () => {
    for (let i = 0; i < batches; i++) {
      const started = Date.now();
      ingest.push(await page.evaluate(() => window.fccBench!.applyNext()));
      await page.waitForTimeout(Math.max(0, BATCH_MS - (Date.now() - started)));
    }
  });
  const flushes = await page.evaluate(() => window.fccBench!.flushTimes());
  const renders = await page.evaluate(() => window.fccBench!.renderTimes());
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  await page.screenshot({ path: path.join(root, `test-results/dashboard-map-${officers}-z${ZOOM}.png`) });
  await page.close();

  const ingestStats = summarize(ingest);
  const flushStats = summarize(flushes);
  const perBatch_ = (busySeconds: number, idleSeconds: number) =>
    ((busySeconds - idleSeconds) * 1000) / batches;
  const cpuMs = perBatch_(busy.cpu, idle.cpu);
  const wallMs = perBatch_(busy.wall, idle.wall);
  const scriptMs = perBatch_(busy.script, idle.script);
  const workerMs = perBatch_(busy.workers, idle.workers);
  const gpuMs = perBatch_(busy.gpu, idle.gpu);
  const processMs = (type: string) => perBatch_(busy.processes[type] ?? 0, idle.processes[type] ?? 0);
  const rendererMs = processMs('renderer');
  const gpuProcessMs = processMs('gpu-process');
  const renderStats = summarize(renders);
  const renderMs = renders.reduce((sum, ms) => sum + ms, 0) / batches;
  console.log(
    `${officers} officers (${drawn} drawn): parse+store p50 ${fmt(ingestStats.p50)} ms, flush p50 ${fmt(flushStats.p50)} ms, ` +
      `main thread per batch: ${fmt(cpuMs)} ms CPU, ${fmt(wallMs)} ms wall, of which JavaScript ${fmt(scriptMs)} ms ` +
      `(run: ${fmt(busy.cpu, 2)} s CPU; idle page: ${fmt(idle.cpu, 2)} s CPU over ${SECONDS} s), ` +
      `${longTasks.length} long tasks${longTasks.length ? ` (max ${fmt(Math.max(...longTasks))} ms)` : ''}; ` +
      `MapLibre frames: ${fmt(renders.length / batches, 2)} per batch, p50 ${fmt(renderStats.p50)} / p95 ${fmt(renderStats.p95)} ms, ` +
      `${fmt(renderMs)} ms per batch; workers ${fmt(workerMs)} ms CPU per batch; GPU process ${fmt(gpuMs)} ms CPU per batch in traced tasks; ` +
      `whole processes (/proc): renderer ${fmt(rendererMs)} ms, GPU process ${fmt(gpuProcessMs)} ms CPU per batch ` +
      JSON.stringify(
        Object.fromEntries(Object.keys(busy.processes).map((type) => [type, Number(fmt(processMs(type)))])),
      ),
  );
  return (
    `| ${officers.toLocaleString('en')} | ${perBatch.toLocaleString('en')} | ${fmt(ingestStats.p50)} / ${fmt(ingestStats.p95)} ms ` +
    `| ${fmt(flushStats.p50)} / ${fmt(flushStats.p95)} ms | ${fmt(cpuMs)} ms CPU (${fmt(wallMs)} ms wall) | ${fmt(scriptMs)} ms ` +
    `| ${fmt(flushes.length / batches, 2)} | ${fmt(renderMs)} ms (p50 ${fmt(renderStats.p50)} ms a frame) | ${fmt(workerMs)} ms | ${fmt(rendererMs)} ms | ${fmt(gpuProcessMs)} ms ` +
    `| ${longTasks.length}${longTasks.length ? ` (max ${fmt(Math.max(...longTasks), 0)} ms)` : ''} |`
  );
}

interface MainThread {
  /** Wall time of the renderer main thread's tasks, s. */
  wall: number;
  /** CPU time of those tasks, s: less inflated than wall time when the machine is busy. */
  cpu: number;
  /** JavaScript wall time (CDP ScriptDuration), s. */
  script: number;
  /** CPU time of the page's MapLibre workers (GeoJSON tiling, symbol layout), s. */
  workers: number;
  /** CPU time of the GPU process's traced tasks, s. */
  gpu: number;
  /** CPU seconds of each kind of Chromium process over the whole interval, from /proc. */
  processes: Record<string, number>;
}

/** What the page's renderer main thread did while `work` ran: a Chrome trace of its tasks. */
async function mainThread(
  cdp: Awaited<ReturnType<typeof context.newCDPSession>>,
  work: () => Promise<unknown>,
): Promise<MainThread> {
  interface TraceEvent {
    name: string;
    ph: string;
    pid: number;
    tid: number;
    dur?: number;
    tdur?: number;
    args?: { name?: string };
  }
  const threadCpu = (pid: number, tid: number) =>
    tasks
      .filter((task) => task.pid === pid && task.tid === tid)
      .reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1e6;
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: TraceEvent[] }) => events.push(...value);
  cdp.on('Tracing.dataCollected', collect);
  const scriptBefore = await scriptSeconds(cdp);
  const cpuBefore = chromiumCpu();
  await cdp.send('Tracing.start', {
    categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  await work();
  const cpuAfter = chromiumCpu();
  const processes = Object.fromEntries(
    Object.entries(cpuAfter).map(([type, seconds]) => [type, seconds - (cpuBefore[type] ?? 0)]),
  );
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  const script = (await scriptSeconds(cdp)) - scriptBefore;
  // The page's main thread: the CrRendererMain thread that ran the most tasks (there is one per renderer).
  const names = events.filter((event) => event.ph === 'M' && event.name === 'thread_name');
  const mains = names.filter((event) => event.args?.name === 'CrRendererMain');
  const tasks = events.filter((event) => event.ph === 'X' && event.name === 'RunTask');
  const gpuPids = new Set(
    names.filter((event) => event.args?.name === 'CrGpuMain').map((event) => event.pid),
  );
  const gpu = names
    .filter((event) => gpuPids.has(event.pid))
    .reduce((sum, event) => sum + threadCpu(event.pid, event.tid), 0);
  let best: MainThread = { wall: 0, cpu: 0, script, workers: 0, gpu, processes };
  for (const main of mains) {
    const own = tasks.filter((task) => task.pid === main.pid && task.tid === main.tid);
    const wall = own.reduce((sum, task) => sum + (task.dur ?? 0), 0) / 1e6;
    const cpu = own.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1e6;
    const workers = names
      .filter((event) => event.pid === main.pid && event.args?.name?.startsWith('DedicatedWorker'))
      .reduce((sum, event) => sum + threadCpu(event.pid, event.tid), 0);
    if (wall > best.wall) best = { wall, cpu, script, workers, gpu, processes };
  }
  return best;
}

/**
 * CPU seconds (user + system, from /proc) of this process's Chromium descendants by their
 * --type (browser, renderer, gpu-process, utility, zygote): the GPU process's SwiftShader threads
 * do not show up as tasks in a trace, so the trace alone undercounts rasterization.
 */
function chromiumCpu(): Record<string, number> {
  const tick = 100; // USER_HZ on Linux
  const procs = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return {
          pid: Number(pid),
          ppid: Number(fields[1]),
          cpu: (Number(fields[11]) + Number(fields[12])) / tick,
          cmdline,
        };
      } catch {
        return null; // the process ended while we read it
      }
    })
    .filter((proc) => proc !== null);
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const proc of procs)
      if (!mine.has(proc.pid) && mine.has(proc.ppid)) {
        mine.add(proc.pid);
        grew = true;
      }
  }
  const byType: Record<string, number> = {};
  for (const proc of procs) {
    if (proc.pid === process.pid || !mine.has(proc.pid) || !proc.cmdline.includes('chrom')) continue;
    const type = /--type=([a-z-]+)/.exec(proc.cmdline)?.[1] ?? 'browser';
    byType[type] = (byType[type] ?? 0) + proc.cpu;
  }
  return byType;
}

async function scriptSeconds(cdp: Awaited<ReturnType<typeof context.newCDPSession>>): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>;
  };
  return metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0;
}

async function observeLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const list: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = list;
    new PerformanceObserver((entries) => {
      for (const entry of entries.getEntries()) list.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
}

function serveStatic(directory: string): Promise<http.Server> {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.mjs': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
  };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = path.join(
      directory,
      path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''),
    );
    if (!file.startsWith(directory) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
