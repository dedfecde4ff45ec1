// Runs the embedded PostGIS cluster for real: first start, restart, adoption of a cluster left
// running, recovery after the postmaster is killed with SIGKILL, and the long-path socket fallback.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgres } from '../src/db/embedded-postgres';
import { ensurePostgisInstalled } from '../src/db/postgis-install';

const log = pino({ level: 'error' });
const TIMEOUT = 120_000;

describe('EmbeddedPostgres', () => {
  let dataDir: string;
  let firstPort: number;
  const instances: EmbeddedPostgres[] = [];
  const extraDirs: string[] = [];

  const create = async (dir = dataDir) => {
    const instance = await EmbeddedPostgres.create({ dataDir: dir, log });
    instances.push(instance);
    return instance;
  };
  const pidFile = () => path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid');
  const postmasterPid = async () => Number((await fs.readFile(pidFile(), 'utf8')).split('\n')[0]);

  beforeAll(async () => {
    await ensurePostgisInstalled(log);
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'fcc-embedded-pg-'));
  }, TIMEOUT);

  afterAll(async () => {
    // Newest first, so that an older handle finds the cluster already stopped.
    for (const instance of instances.reverse()) await instance.close();
    for (const dir of [dataDir, ...extraDirs]) await fs.rm(dir, { recursive: true, force: true });
  }, TIMEOUT);

  it(
    'creates a PostGIS database that listens on 127.0.0.1 only',
    async () => {
      const db = await create();
      firstPort = db.port;
      expect(db.socketDir.startsWith(dataDir)).toBe(true);

      await withClient(db.connectionString, async (client) => {
        const version = await client.query<{ version: string }>('SELECT postgis_version() AS version');
        expect(version.rows[0]?.version).toMatch(/^3\./);
        const listen = await client.query<{ listen_addresses: string }>('SHOW listen_addresses');
        expect(listen.rows[0]?.listen_addresses).toBe('127.0.0.1');
        await client.query(
          'CREATE TABLE place (id int PRIMARY KEY, location geometry(Point, 4326) NOT NULL)',
        );
        await client.query('INSERT INTO place VALUES (1, ST_SetSRID(ST_MakePoint(111.6708, 40.8183), 4326))');
      });

      // The Unix socket inside the data dir works too (same password).
      const password = new URL(db.connectionString).password;
      const viaSocket = new pg.Client({
        host: db.socketDir,
        port: db.port,
        user: 'postgres',
        password,
        database: 'fcc',
      });
      await viaSocket.connect();
      await viaSocket.end();

      const secret = await fs.stat(path.join(dataDir, 'postgres', 'superuser-password'));
      expect(secret.mode & 0o777).toBe(0o600);

      await db.close();
      await expect(withClient(db.connectionString, async () => undefined)).rejects.toThrow();
    },
    TIMEOUT,
  );

  it(
    'keeps the data and the port across a restart',
    async () => {
      const db = await create();
      expect(db.port).toBe(firstPort);
      expect(await placeText(db)).toBe('POINT(111.6708 40.8183)');
      await db.close();
    },
    TIMEOUT,
  );

  it(
    'adopts a cluster left running by an owner that never closed it',
    async () => {
      const abandoned = await create();
      const pid = await postmasterPid();
      const db = await create();
      expect(db.port).toBe(abandoned.port);
      expect(await postmasterPid()).toBe(pid);
      expect(await placeText(db)).toBe('POINT(111.6708 40.8183)');
    },
    TIMEOUT,
  );

  it(
    'starts again after the postmaster was killed with SIGKILL',
    async () => {
      const pid = await postmasterPid();
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid);
      // The crash leaves postmaster.pid behind, which is what a restart has to cope with.
      expect(await postmasterPid()).toBe(pid);

      const db = await create();
      expect(await postmasterPid()).not.toBe(pid);
      expect(await placeText(db)).toBe('POINT(111.6708 40.8183)');

      await Promise.all([db.close(), db.close()]);
      await db.close();
      await expect(fs.access(pidFile())).rejects.toThrow();
    },
    TIMEOUT,
  );

  it(
    'puts the socket under /tmp when the data dir path is too long for a Unix socket',
    async () => {
      const longDir = path.join(dataDir, 'a-rather-long-directory-name-'.repeat(4));
      const db = await create(longDir);
      extraDirs.push(db.socketDir);
      expect(db.socketDir.startsWith('/tmp/fcc-pg-')).toBe(true);
      const password = new URL(db.connectionString).password;
      const viaSocket = new pg.Client({
        host: db.socketDir,
        port: db.port,
        user: 'postgres',
        password,
        database: 'fcc',
      });
      await viaSocket.connect();
      const { rows } = await viaSocket.query<{ ok: number }>('SELECT 1 AS ok');
      expect(rows[0]?.ok).toBe(1);
      await viaSocket.end();
      await db.close();
    },
    TIMEOUT,
  );
});

async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function placeText(db: EmbeddedPostgres): Promise<string | undefined> {
  return withClient(db.connectionString, async (client) => {
    const { rows } = await client.query<{ text: string }>(
      'SELECT ST_AsText(location) AS text FROM place WHERE id = 1',
    );
    return rows[0]?.text;
  });
}

/** Gone, or a zombie: an orphaned postmaster is reaped by pid 1, which may never do so in a container. */
async function waitForExit(pid: number): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (stat === undefined || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return;
    await sleep(50);
  }
  throw new Error(`process ${pid} did not exit`);
}
