// The real process as `npm start` runs it: embedded PostGIS under DATA_DIR, migrations,
// seed, HTTP; then SIGINT (Ctrl-C) stops the server and the embedded database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('the server process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-main-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on its embedded database, prints the URL and credentials, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const osmandPort = await freePort();
    const rtmpPort = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        PORT: String(port),
        OSMAND_PORT: String(osmandPort),
        RTMP_PORT: String(rtmpPort),
        LOG_LEVEL: 'warn',
        ADMIN_PASSWORD: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));

    await waitFor(
      () => output.includes('Press Ctrl-C to stop'),
      90_000,
      () => output,
    );
    expect(output).toContain(`running at http://127.0.0.1:${port}`);
    const password = /Administrator: admin \/ (\S+)/.exec(output)?.[1];
    expect(password).toHaveLength(16);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    // The OsmAnd listener is up on its own port: an unregistered Traccar Client is told so.
    expect(output).toContain(`Traccar Client / OsmAnd devices: http://127.0.0.1:${osmandPort}`);
    const osmand = await fetch(`http://127.0.0.1:${osmandPort}/?id=unregistered&lat=40.8&lon=111.6`);
    expect(osmand.status).toBe(400);

    const postmasterPid = Number(fs.readFileSync(findFile(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(isAlive(postmasterPid)).toBe(true);

    const exit = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    // pg_ctl stop returns once postmaster.pid is gone, a moment before the process itself exits.
    await waitFor(
      () => !isAlive(postmasterPid),
      10_000,
      () => `postmaster ${postmasterPid} still running`,
    );
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 150_000);
});

/** Running, and not a zombie waiting for its parent to reap it. */
function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function findFile(dir: string, name: string): string {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return path.join(entry.parentPath, entry.name);
  }
  throw new Error(`${name} not found under ${dir}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
