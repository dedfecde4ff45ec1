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
    '\n| officers | batch size | parse + store p50 / p95 | flush (features + setData) p50 / p95 | main thread per batch, idle subtracted | of which JavaScript | flushes per batch | long tasks > 50 ms |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
} finally {
  await context.close();
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

async function run(officers: number): Promise<string> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${base}/bench.html?officers=${officers}&zoom=${ZOOM}`);
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
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  await page.close();

  const ingestStats = summarize(ingest);
  const flushStats = summarize(flushes);
  const perBatch_ = (busySeconds: number, idleSeconds: number) =>
    ((busySeconds - idleSeconds) * 1000) / batches;
  const cpuMs = perBatch_(busy.cpu, idle.cpu);
  const wallMs = perBatch_(busy.wall, idle.wall);
  const scriptMs = perBatch_(busy.script, idle.script);
  console.log(
    `${officers} officers (${drawn} drawn): parse+store p50 ${fmt(ingestStats.p50)} ms, flush p50 ${fmt(flushStats.p50)} ms, ` +
      `main thread per batch: ${fmt(cpuMs)} ms CPU, ${fmt(wallMs)} ms wall, of which JavaScript ${fmt(scriptMs)} ms ` +
      `(run: ${fmt(busy.cpu, 2)} s CPU; idle page: ${fmt(idle.cpu, 2)} s CPU over ${SECONDS} s), ` +
      `${longTasks.length} long tasks${longTasks.length ? ` (max ${fmt(Math.max(...longTasks))} ms)` : ''}`,
  );
  return (
    `| ${officers.toLocaleString('en')} | ${perBatch.toLocaleString('en')} | ${fmt(ingestStats.p50)} / ${fmt(ingestStats.p95)} ms ` +
    `| ${fmt(flushStats.p50)} / ${fmt(flushStats.p95)} ms | ${fmt(cpuMs)} ms CPU (${fmt(wallMs)} ms wall) | ${fmt(scriptMs)} ms ` +
    `| ${fmt(flushes.length / batches, 2)} | ${longTasks.length}${longTasks.length ? ` (max ${fmt(Math.max(...longTasks), 0)} ms)` : ''} |`
  );
}

interface MainThread {
  /** Wall time of the renderer main thread's tasks, s. */
  wall: number;
  /** CPU time of those tasks, s: less inflated than wall time when the machine is busy. */
  cpu: number;
  /** JavaScript wall time (CDP ScriptDuration), s. */
  script: number;
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
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: TraceEvent[] }) => events.push(...value);
  cdp.on('Tracing.dataCollected', collect);
  const scriptBefore = await scriptSeconds(cdp);
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  await work();
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  const script = (await scriptSeconds(cdp)) - scriptBefore;
  // The page's main thread: the CrRendererMain thread that ran the most tasks (there is one per renderer).
  const mains = events.filter((event) => event.ph === 'M' && event.args?.name === 'CrRendererMain');
  const tasks = events.filter((event) => event.ph === 'X' && event.name === 'RunTask');
  let best: MainThread = { wall: 0, cpu: 0, script };
  for (const main of mains) {
    const own = tasks.filter((task) => task.pid === main.pid && task.tid === main.tid);
    const wall = own.reduce((sum, task) => sum + (task.dur ?? 0), 0) / 1e6;
    const cpu = own.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1e6;
    if (wall > best.wall) best = { wall, cpu, script };
  }
  return best;
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
