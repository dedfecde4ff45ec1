// What the media benchmarks share: the server under test (in the bench's own process, so its
// threads can be measured), the child processes that hold publishers and viewers
// (media-load.ts), the 720p clip, devices and an operator's token, and --flag parsing.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import type { DatabaseHandle } from '../../server/src/db/client';
import { hashPassword } from '../../server/src/modules/auth/passwords';
import { newToken } from '../../server/src/modules/auth/tokens';
import { ffmpegPath, run } from '../../server/test/helpers/media-peers';
import { fmt } from './stats';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type BenchApp = Awaited<ReturnType<typeof buildApp>>;

/** The server as `npm start` builds it, on an ephemeral port, with the given environment on top. */
export async function startBenchServer(
  database: DatabaseHandle & { url: string },
  env: Record<string, string>,
): Promise<{ app: BenchApp; url: string }> {
  const config = loadConfig({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD: 'bench admin password',
    DASHBOARD_DIR: '/nonexistent',
    OSMAND_PORT: 'off',
    // A viewer process starved of CPU may report late; the benches measure loss, not timeouts.
    MEDIA_VIEWER_TIMEOUT_MS: '60000',
    MEDIA_TIMEOUT_MS: '10000',
    RTMP_PORT: 'off',
    ...env,
  });
  const app = await buildApp({ config, database, log: pino({ level: 'warn' }) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

export interface ViewerSample {
  packets: number;
  bytes: number;
  expected: number;
  connected: number;
  cpuPercent: number;
  rssMb: number;
  sent: number;
  publishersConnected: number;
  publishersLost: number;
  viewersLeft: number;
  failedSetups: number;
}

/** A child process of media-load.ts: publishers and/or viewers, driven over IPC. */
export class Peers {
  private static readonly all = new Set<Peers>();
  private waiting: ((reply: { ok: boolean; result?: unknown; error?: string }) => void)[] = [];
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: { ok: boolean; result?: unknown; error?: string }) =>
      this.waiting.shift()?.(reply),
    );
  }

  static async start(role: string): Promise<Peers> {
    const child = fork(path.join(import.meta.dirname, 'media-load.ts'), [role], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const peers = new Peers(child);
    Peers.all.add(peers);
    await new Promise<void>((resolve, reject) => {
      peers.waiting.push(() => resolve());
      child.once('exit', (code) => reject(new Error(`media-load ${role} exited ${code}`)));
    });
    return peers;
  }

  /** Stops every child still running (a bench's finally). */
  static async stopAll(): Promise<void> {
    await Promise.allSettled([...Peers.all].map((peers) => peers.stop()));
  }

  ask<T = unknown>(command: object): Promise<T> {
    return new Promise((resolve, reject) => {
      this.waiting.push((reply) => (reply.ok ? resolve(reply.result as T) : reject(new Error(reply.error))));
      this.child.send(command);
    });
  }

  sample(): Promise<ViewerSample> {
    return this.ask<ViewerSample>({ cmd: 'sample' });
  }

  async stop(): Promise<void> {
    Peers.all.delete(this);
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ cmd: 'stop' });
    await Promise.race([exited, sleep(3000)]);
    this.child.kill('SIGKILL');
  }
}

/** Adds up samples of several viewer processes. */
export function addSamples(samples: ViewerSample[]): ViewerSample {
  const total = { ...samples[0]! };
  for (const sample of samples.slice(1)) {
    for (const key of Object.keys(total) as (keyof ViewerSample)[]) total[key] += sample[key];
  }
  return total;
}

/** 20 s of 1280×720 at 30 fps, VP8 at ~1.5 Mbit/s, keyframe every 2 s, Opus 32 kbit/s; encoded once per machine. */
export async function clip720p(): Promise<string> {
  const file = path.join(os.tmpdir(), 'fcc-media-bench-720p-vp8-v1.mkv');
  if (fs.existsSync(file)) return file;
  console.log('encoding the 720p clip once (VP8, ~1.5 Mbit/s) …');
  const partial = `${file}.${process.pid}.partial.mkv`;
  // A moving test pattern with a little noise: real-camera-like bits per frame, not a static slide.
  await run(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...[
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1280x720:rate=30',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
    ],
    ...['-t', '20', '-vf', 'noise=alls=12:allf=t', '-pix_fmt', 'yuv420p', '-g', '60'],
    ...['-c:v', 'libvpx', '-b:v', '1500k', '-minrate', '1500k', '-maxrate', '1500k', '-bufsize', '1500k'],
    ...['-deadline', 'realtime', '-cpu-used', '8', '-threads', '2'],
    ...['-c:a', 'libopus', '-b:a', '32k', partial],
  ]);
  fs.renameSync(partial, file);
  return file;
}

export async function createDevice(
  database: DatabaseHandle,
  uniqueId: string,
): Promise<{ id: string; token: string }> {
  const { token, hash } = newToken('device');
  const { rows } = await database.pool.query<{ id: string }>(
    `INSERT INTO devices (kind, name, unique_id, token_hash, token_issued_at)
     VALUES ('bodycam', $2, $2, $1, now()) RETURNING id`,
    [hash, uniqueId],
  );
  return { id: rows[0]!.id, token };
}

export async function operatorToken(
  app: BenchApp,
  database: DatabaseHandle,
  username: string,
): Promise<string> {
  await app.services.repositories.users.insert(database.db, {
    username,
    displayName: 'Bench operator',
    passwordHash: await hashPassword('bench operator password'),
    role: 'operator',
    officerId: null,
  });
  return (await app.services.auth.login(username, 'bench operator password', null)).token;
}

export function weriftVersion(): string {
  const file = path.resolve(import.meta.dirname, '../../node_modules/werift/package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

export const loadAverage = () => fmt(os.loadavg()[0]!, 2);

export function machineLine(name: string): string {
  return (
    `${name} — ${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), ` +
    `load average ${os
      .loadavg()
      .map((load) => fmt(load, 2))
      .join(' ')} before the run`
  );
}

/** --name value flags (all strings), with defaults; unknown flags are an error. */
export function flags<T extends Record<string, string>>(defaults: T): T {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: Object.fromEntries(Object.keys(defaults).map((name) => [name, { type: 'string' as const }])),
    strict: true,
  });
  return { ...defaults, ...values } as T;
}

/** A list flag ("0,2") as numbers; exits with a message when one is not a whole number ≥ 0. */
export function numbers(flag: string, value: string): number[] {
  const list = value.split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 0)) {
    console.error(`--${flag} takes whole numbers separated by commas, got "${value}"`);
    process.exit(2);
  }
  return list;
}
