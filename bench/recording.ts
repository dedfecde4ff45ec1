// `npm run bench -- recording [--streams N]`: what recording costs on this machine, and how fast
// a long recording starts to replay.
// 1. N concurrent ~1.5 Mbit/s 720p VP8 + Opus streams (default 20), published by werift WHIP
//    peers fed by ffmpeg -c copy in a child process, into the server in this process. Two phases
//    in the same run: recording off (a no-op recorder), then on. Per phase: the server process's
//    CPU; with recording, the recorder ffmpeg processes' CPU (from /proc over the window) per
//    recorded stream, and the rate the recordings folder grows vs the input rate.
// 2. Replay start for an 8-hour shift: a recording whose index has 2,880 segments of 10 s, all
//    pointing at one real segment file recorded in phase 1 (the index is what grows with the
//    shift; the file is read the same whichever segment it is), chained by the real repository.
//    Timed from the playlist request (random moment of the shift) to the first byte of the
//    segment file, over HTTP; p50/p95.
// Options (env): WINDOW_SECONDS (20), WARMUP_SECONDS (6), REPLAYS (100).
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { hashPassword } from '../server/src/modules/auth/passwords';
import { newToken } from '../server/src/modules/auth/tokens';
import { RecordingsRepository } from '../server/src/modules/recordings/recordings-repository';
import { hashFile } from '../server/src/modules/recordings/stream-recording';
import { ffmpegPath, run } from '../server/test/helpers/media-peers';
import { openBenchDatabase } from './lib/bench-database';
import { fmt, percentile } from './lib/stats';

const flag = process.argv.indexOf('--streams');
const STREAMS = flag >= 0 ? Number(process.argv[flag + 1]) : 20;
const WINDOW_SECONDS = Number(process.env.WINDOW_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 6);
const REPLAYS = Number(process.env.REPLAYS ?? 100);
const SHIFT_SEGMENTS = 2880;
const TICKS = 100; // clock ticks per second in /proc/<pid>/stat (USER_HZ)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const database = await openBenchDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-bench-recording-'));
const config = loadConfig({
  DATABASE_URL: database.url,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  ADMIN_PASSWORD: 'bench admin password',
  DASHBOARD_DIR: '/nonexistent',
  OSMAND_PORT: 'off',
  RTMP_PORT: 'off',
  MEDIA_TIMEOUT_MS: '10000',
  RECORDING_VERIFY_EVERY_MINUTES: 'off',
});
const app = await buildApp({ config, database, log: pino({ level: 'warn' }) });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
let load: Load | null = null;

async function main(): Promise<void> {
  const clip = await clip720p();
  console.log(
    `recording benchmark — ${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), ` +
      `load average ${os
        .loadavg()
        .map((value) => fmt(value, 2))
        .join(
          ' ',
        )} before the run; ${STREAMS} streams, ${WINDOW_SECONDS} s window after ${WARMUP_SECONDS} s warm-up\n`,
  );
  const devices = [];
  for (let i = 0; i < STREAMS; i++) devices.push(await createDevice(i));
  load = await Load.start();
  const bitrates = new Map<string, number[]>();
  app.services.media.on('stats', (stats) => {
    const list = bitrates.get(stats.streamId) ?? [];
    list.push(stats.bitrateKbps);
    bitrates.set(stats.streamId, list);
  });

  console.log(
    '| recording | streams live | input Mbit/s | server CPU % of a core | recorder ffmpeg CPU % of a core (all / per stream) | recordings folder grows, Mbit/s | load avg |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const recorder = app.services.recordings;
  let baseline = 0;
  for (const recording of [false, true]) {
    app.services.media.attachRecorder(
      recording ? recorder : { streamOpened: () => undefined, streamEnding: async () => undefined },
    );
    const published = (await load.ask({
      cmd: 'publish',
      clip,
      publishers: devices.map((device) => ({
        url: `${url}/api/media/devices/${device.id}/whip`,
        token: device.token,
      })),
    })) as { streamIds: string[]; failed: string[] };
    if (published.failed.length)
      console.log(`   ${published.failed.length} publishers failed: ${published.failed[0]}`);
    await sleep(WARMUP_SECONDS * 1000);
    bitrates.clear();
    const ffmpegBefore = recorderTicks();
    const folderBefore = folderBytes(config.recordings.dir);
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    await sleep(WINDOW_SECONDS * 1000);
    const seconds = (performance.now() - startedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const ffmpegAfter = recorderTicks();
    const grew = ((folderBytes(config.recordings.dir) - folderBefore) * 8) / seconds / 1e6;
    let ticks = 0;
    for (const [pid, after] of ffmpegAfter) ticks += after - (ffmpegBefore.get(pid) ?? after);
    const ffmpegCpu = (ticks / TICKS / seconds) * 100;
    const serverCpu = ((cpu.user + cpu.system) / 1e6 / seconds) * 100;
    const input =
      [...bitrates.values()].reduce((sum, list) => sum + list.reduce((a, b) => a + b, 0) / list.length, 0) /
      1000;
    const live = published.streamIds.length;
    if (!recording) baseline = serverCpu;
    console.log(
      `| ${recording ? 'on' : 'off'} | ${live} | ${fmt(input, 1)} | ${fmt(serverCpu, 1)}${recording ? ` (+${fmt(serverCpu - baseline, 1)}, +${fmt((serverCpu - baseline) / live, 2)} per stream)` : ''} | ` +
        `${recording ? `${fmt(ffmpegCpu, 1)} / ${fmt(ffmpegCpu / ffmpegAfter.size, 2)} (${ffmpegAfter.size} ffmpeg)` : '–'} | ` +
        `${recording ? `${fmt(grew, 1)} (${fmt((grew / input) * 100, 0)} % of input)` : '–'} | ${fmt(os.loadavg()[0]!, 2)} |`,
    );
    await load.ask({ cmd: 'unpublish', serverUrl: url });
    await sleep(2000);
  }
  await replayStart();
}

/** CPU ticks (user + system) of every ffmpeg this process started, by pid. */
function recorderTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    if (!name.startsWith('ffmpeg') || Number(fields[1]) !== process.pid) continue;
    ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
  }
  return ticks;
}

function folderBytes(dir: string): number {
  let total = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    try {
      total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    } catch {
      // a file renamed meanwhile
    }
  }
  return total;
}

async function replayStart(): Promise<void> {
  const { rows } = await database.pool.query<{ path: string; bytes: number }>(
    `SELECT path, bytes::int AS bytes FROM recording_segments ORDER BY bytes DESC LIMIT 1`,
  );
  const sample = rows[0];
  if (!sample) throw new Error('no recorded segment to build the shift from');
  const id = crypto.randomUUID();
  const folder = path.join(config.recordings.dir, id);
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(config.recordings.dir, sample.path), path.join(folder, 'shift.webm'));
  const device = await createDevice(STREAMS);
  const start = Date.now() - 9 * 3600_000;
  await database.pool.query(
    `INSERT INTO recordings (id, device_id, source, started_at, ended_at, close_reason, container, video_codec, audio_codec)
     VALUES ($1, $2, 'live', $3, $4, 'bench: an 8-hour shift', 'webm', 'VP8', 'opus')`,
    [id, device.id, new Date(start), new Date(start + SHIFT_SEGMENTS * 10_000)],
  );
  const repository = new RecordingsRepository(database.pool);
  const { sha256, bytes } = await hashFile(path.join(folder, 'shift.webm'));
  const indexStarted = performance.now();
  for (let seq = 0; seq < SHIFT_SEGMENTS; seq++)
    await repository.appendSegment(id, {
      path: `${id}/shift.webm`,
      startedAt: new Date(start + seq * 10_000).toISOString(),
      endedAt: new Date(start + (seq + 1) * 10_000).toISOString(),
      bytes,
      sha256,
      gapBefore: false,
      repaired: false,
      note: null,
    });
  console.log(
    `\nreplay start, 8-hour shift: ${SHIFT_SEGMENTS} segment rows of 10 s (indexed and chained in ${fmt((performance.now() - indexStarted) / 1000, 1)} s), ` +
      `all pointing at one recorded segment of ${fmt(bytes / 1e6, 2)} MB`,
  );
  const token = await supervisorToken();
  const headers = { authorization: `Bearer ${token}` };
  const times: number[] = [];
  for (let i = 0; i < REPLAYS; i++) {
    const from = new Date(start + Math.random() * SHIFT_SEGMENTS * 10_000).toISOString();
    const began = performance.now();
    const playlist = (await (
      await fetch(`${url}/api/recordings/${id}/playlist?from=${encodeURIComponent(from)}`, { headers })
    ).json()) as { entries: { url: string }[] };
    const response = await fetch(`${url}${playlist.entries[0]!.url}`, { headers });
    const reader = response.body!.getReader();
    await reader.read();
    times.push(performance.now() - began);
    await reader.cancel();
  }
  times.sort((a, b) => a - b);
  console.log(
    `request → first media byte over HTTP (playlist from a random moment, then its first segment), ${REPLAYS} replays: ` +
      `p50 ${fmt(percentile(times, 50), 1)} ms, p95 ${fmt(percentile(times, 95), 1)} ms, max ${fmt(times.at(-1)!, 1)} ms`,
  );
}

class Load {
  private waiting: ((reply: { ok: boolean; result?: unknown; error?: string }) => void)[] = [];
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: { ok: boolean; result?: unknown; error?: string }) =>
      this.waiting.shift()?.(reply),
    );
  }

  static async start(): Promise<Load> {
    const child = fork(path.join(import.meta.dirname, 'lib', 'recording-load.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const loadProcess = new Load(child);
    await new Promise<void>((resolve, reject) => {
      loadProcess.waiting.push(() => resolve());
      child.once('exit', (code) => reject(new Error(`recording-load exited ${code}`)));
    });
    return loadProcess;
  }

  ask(command: object): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.push((reply) => (reply.ok ? resolve(reply.result) : reject(new Error(reply.error))));
      this.child.send(command);
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ cmd: 'stop' });
    await Promise.race([exited, sleep(3000)]);
    this.child.kill('SIGKILL');
  }
}

/** The media bench's 720p clip: VP8 ~1.5 Mbit/s + Opus, 20 s, encoded once per machine. */
async function clip720p(): Promise<string> {
  const file = path.join(os.tmpdir(), 'fcc-media-bench-720p-vp8-v1.mkv');
  if (fs.existsSync(file)) return file;
  console.log('encoding the 720p clip once (VP8, ~1.5 Mbit/s) …');
  const partial = `${file}.${process.pid}.partial.mkv`;
  await run(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-t', '20', '-vf', 'noise=alls=12:allf=t', '-pix_fmt', 'yuv420p', '-g', '60'],
    ...['-c:v', 'libvpx', '-b:v', '1500k', '-minrate', '1500k', '-maxrate', '1500k', '-bufsize', '1500k'],
    ...['-deadline', 'realtime', '-cpu-used', '8', '-threads', '2'],
    ...['-c:a', 'libopus', '-b:a', '32k', partial],
  ]);
  fs.renameSync(partial, file);
  return file;
}

async function createDevice(index: number): Promise<{ id: string; token: string }> {
  const { token, hash } = newToken('device');
  const { rows } = await database.pool.query<{ id: string }>(
    `INSERT INTO devices (kind, name, unique_id, token_hash, token_issued_at)
     VALUES ('bodycam', $1, $2, $3, now()) RETURNING id`,
    [`Bench bodycam ${index}`, `BENCH-REC-${index}`, hash],
  );
  return { id: rows[0]!.id, token };
}

async function supervisorToken(): Promise<string> {
  await app.services.repositories.users.insert(database.db, {
    username: 'bench-supervisor',
    displayName: 'Bench supervisor',
    passwordHash: await hashPassword('bench supervisor password'),
    role: 'supervisor',
    officerId: null,
  });
  return (await app.services.auth.login('bench-supervisor', 'bench supervisor password', null)).token;
}

try {
  await main();
} finally {
  await load?.stop();
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
