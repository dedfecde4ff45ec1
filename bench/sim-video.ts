// `npm run bench -- sim-video`: what a simulated body camera costs the machine that runs the
// simulator. A real server (this process, demo town seeded) and the simulator CLI as a child
// process with 4 officers, of whom 0, 1 and 4 carry a camera recording from the start (WHIP).
// Per step, once every camera is live and after a warm-up: the CPU time of the simulator process
// and of its ffmpeg children (from /proc), and of this server process, over the window.
// Options (env): CAMERAS ("0,1,4"), WINDOW_SECONDS (60), WARMUP_SECONDS (5), TRANSPORT (whip).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Stream } from '@fcc/shared';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { seedOnFirstStart } from '../server/src/seed/seed-demo-town';
import { openBenchDatabase } from './lib/bench-database';
import { fmt } from './lib/stats';

const STEPS = (process.env.CAMERAS ?? '0,1,4').split(',').map(Number);
const WINDOW_SECONDS = Number(process.env.WINDOW_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 5);
const TRANSPORT = process.env.TRANSPORT ?? 'whip';
const OFFICERS = Math.max(4, ...STEPS);
const ADMIN_PASSWORD = 'bench admin password';
/** Linux reports process CPU time in clock ticks of 1/100 s. */
const TICKS_PER_SECOND = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const root = path.resolve(import.meta.dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-bench-sim-video-'));

const database = await openBenchDatabase();
const config = loadConfig({
  DATABASE_URL: database.url,
  DATA_DIR: work,
  LOG_LEVEL: 'warn',
  ADMIN_PASSWORD,
  DASHBOARD_DIR: '/nonexistent',
  OSMAND_PORT: 'off',
  RTMP_PORT: TRANSPORT === 'rtmp' ? '0' : 'off',
});
const log = pino({ level: 'warn' });
const app = await buildApp({ config, database, log });
await seedOnFirstStart(database.db, app.services, config, log);
const url = await app.listen({ host: '127.0.0.1', port: 0 });

/** utime + stime of a process, in seconds; null once it is gone. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Bytes of every file under a folder (the server's recordings). */
function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

/** The ffmpeg processes a process started (tsx's esbuild service is a child too, not counted). */
function ffmpegChildrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => {
      try {
        const stat = fs.readFileSync(`/proc/${child}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === pid && stat.includes('(ffmpeg)');
      } catch {
        return false;
      }
    });
}

const login = await app.inject({
  method: 'POST',
  url: '/api/auth/login',
  payload: { username: 'admin', password: ADMIN_PASSWORD },
});
const adminToken = login.json<{ token: string }>().token;

async function liveStreams(): Promise<number> {
  const response = await app.inject({
    url: '/api/streams',
    headers: { authorization: `Bearer ${adminToken}` },
  });
  return response.json<Stream[]>().filter((stream) => stream.state === 'live').length;
}

async function step(cameras: number) {
  const sim: ChildProcess = spawn(
    process.execPath,
    [
      ...['--import', 'tsx', 'device-sim/src/cli.ts', '--server', url, '--officers', String(OFFICERS)],
      ...['--admin-password', ADMIN_PASSWORD, '--tokens', path.join(work, 'tokens.json')],
      ...['--video', String(cameras), '--video-mode', 'always', '--video-transport', TRANSPORT],
      ...['--video-cache', path.join(work, 'sim-video'), '--plain', '--status-every', '3600'],
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  sim.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => sim.once('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 120_000;
    // Live on the server from the WHIP answer; streaming once the peer is up and ffmpeg runs.
    while (
      (await liveStreams()) < cameras ||
      ffmpegChildrenOf(sim.pid!).length < cameras ||
      !output.includes('officers against')
    ) {
      if (Date.now() > deadline || sim.exitCode !== null) throw new Error(`cameras not live:\n${output}`);
      await sleep(250);
    }
    await sleep(WARMUP_SECONDS * 1000);
    const ffmpegs = ffmpegChildrenOf(sim.pid!);
    const before = {
      sim: cpuSeconds(sim.pid!)!,
      ffmpeg: ffmpegs.map((pid) => cpuSeconds(pid) ?? 0),
      server: process.cpuUsage(),
      recorded: folderBytes(path.join(work, 'recordings')),
    };
    const startedAt = performance.now();
    await sleep(WINDOW_SECONDS * 1000);
    const seconds = (performance.now() - startedAt) / 1000;
    const simCpu = (cpuSeconds(sim.pid!)! - before.sim) / seconds;
    const ffmpegCpu =
      ffmpegs.reduce((sum, pid, i) => sum + ((cpuSeconds(pid) ?? before.ffmpeg[i]!) - before.ffmpeg[i]!), 0) /
      seconds;
    const server = process.cpuUsage(before.server);
    const serverCpu = (server.user + server.system) / 1e6 / seconds;
    const recordedPerHour = ((folderBytes(path.join(work, 'recordings')) - before.recorded) / seconds) * 3600;
    const stillRunning = ffmpegs.filter((pid) => cpuSeconds(pid) !== null).length;
    if ((await liveStreams()) < cameras || stillRunning < cameras)
      throw new Error(`a camera stopped during the window:\n${output}`);
    return { cameras, ffmpegs: ffmpegs.length, simCpu, ffmpegCpu, serverCpu, recordedPerHour };
  } finally {
    sim.kill('SIGINT');
    await exited;
    // The server ends the streams and finishes their recordings before the next step.
    while ((await liveStreams()) > 0) await sleep(250);
  }
}

try {
  console.log(
    `sim-video benchmark — ${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), ` +
      `load average ${os
        .loadavg()
        .map((load) => fmt(load, 2))
        .join(' ')} before the run`,
  );
  console.log(
    `simulator: ${OFFICERS} officers, cameras recording from the start (${TRANSPORT}); server: this process ` +
      `(relay and recorder); ${WINDOW_SECONDS} s window after ${WARMUP_SECONDS} s warm-up, CPU as % of one core\n`,
  );
  console.log(
    'cameras | sim process | its ffmpeg (n) | sim total | per camera (vs 0) | server process | recorded per camera',
  );
  let baseline: number | null = null;
  for (const cameras of STEPS) {
    const r = await step(cameras);
    const total = r.simCpu + r.ffmpegCpu;
    if (cameras === 0) baseline = total;
    const perCamera =
      cameras > 0 && baseline !== null ? `${fmt(((total - baseline) / cameras) * 100, 2)} %` : '–';
    console.log(
      `${String(cameras).padStart(7)} | ${fmt(r.simCpu * 100, 2).padStart(9)} % | ` +
        `${fmt(r.ffmpegCpu * 100, 2).padStart(8)} % (${r.ffmpegs}) | ${fmt(total * 100, 2).padStart(7)} % | ` +
        `${perCamera.padStart(17)} | ${fmt(r.serverCpu * 100, 2).padStart(12)} % | ` +
        (cameras > 0 ? `${fmt(r.recordedPerHour / cameras / 1e6, 0)} MB/h` : '–'),
    );
  }
  console.log(
    `\nload average after: ${os
      .loadavg()
      .map((load) => fmt(load, 2))
      .join(' ')}`,
  );
} finally {
  await app.close();
  await database.close();
  fs.rmSync(work, { recursive: true, force: true });
}
