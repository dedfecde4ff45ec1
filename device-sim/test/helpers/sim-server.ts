// A real command centre for the simulator's tests: the server app on a fresh PostGIS database
// (the server's own test harness), the demo town seeded as on first start, the API and the OsmAnd
// listener on ephemeral ports; and the simulator CLI run as a child process, as a person runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp, type App } from '../../../server/src/app';
import { loadConfig } from '../../../server/src/config';
import { buildOsmandServer } from '../../../server/src/modules/positions/osmand/osmand-server';
import { seedOnFirstStart } from '../../../server/src/seed/seed-demo-town';
import { createTestDatabase } from '../../../server/test/helpers/test-database';

export const ADMIN_PASSWORD = 'simulated-admin-pw';
const repoRoot = path.resolve(import.meta.dirname, '../../..');

export interface SimServer {
  url: string;
  osmandUrl: string;
  app: App;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Calls the API as the administrator. */
  api<T>(method: string, url: string, payload?: object): Promise<T>;
  /** The administrator's session token (for WHEP viewers and talkback in tests). */
  adminToken: string;
  demoDeviceTokens: Record<string, string>;
  close(): Promise<void>;
}

export async function startSimServer(env: Record<string, string> = {}): Promise<SimServer> {
  const database = await createTestDatabase();
  // Streams the simulated cameras publish are recorded: into this server's own folder, not ./data.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-sim-server-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    DASHBOARD_DIR: '/nonexistent',
    ADMIN_PASSWORD,
    // Test files run in parallel: any free port for the RTMP listener.
    RTMP_PORT: '0',
    ...env,
  });
  const log = pino({ level: 'silent' });
  const app = await buildApp({ config, database, log });
  const seed = await seedOnFirstStart(database.db, app.services, config, log);
  const osmand = buildOsmandServer({ ingest: app.services.positions.osmand, log });
  await app.listen({ host: '127.0.0.1', port: 0 });
  await osmand.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const osmandPort = (osmand.server.address() as AddressInfo).port;

  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: ADMIN_PASSWORD },
  });
  const adminToken = login.json<{ token: string }>().token;

  return {
    url: `http://127.0.0.1:${port}`,
    osmandUrl: `http://127.0.0.1:${osmandPort}/`,
    app,
    demoDeviceTokens: seed.demoDeviceTokens ?? {},
    adminToken,
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await database.pool.query(sql, params)).rows as T[],
    api: async <T>(method: string, url: string, payload?: object) => {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${adminToken}` },
        ...(payload ? { payload } : {}),
      });
      if (response.statusCode >= 300)
        throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
      return (response.body ? response.json() : undefined) as T;
    },
    close: async () => {
      await osmand.close();
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SimProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number>;
  /** Ctrl-C, then the exit code. */
  interrupt(): Promise<number>;
}

/** Starts `npm run sim -- <args>` (without npm: node with tsx, from the repository root). */
export function startSim(args: string[], env: Record<string, string> = {}): SimProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'device-sim/src/cli.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ADMIN_PASSWORD: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  );
  return {
    child,
    output: () => output,
    exited,
    interrupt: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  output?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${output ? `\n${output()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** "acked X/Y" of the final summary line. */
export function ackedOfTaken(output: string): { acked: number; taken: number } {
  const matches = [...output.matchAll(/acked (\d+)\/(\d+)/g)];
  const last = matches[matches.length - 1];
  if (!last) throw new Error(`no summary in the output:\n${output}`);
  return { acked: Number(last[1]), taken: Number(last[2]) };
}
