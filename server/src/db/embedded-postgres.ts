// A private PostgreSQL + PostGIS cluster under the data directory, used when DATABASE_URL is unset
// (architecture decision 1). It listens on 127.0.0.1 only and survives crashes of its owner: a
// cluster left running is reused, a stale postmaster.pid is cleared.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from 'pino';
import { CommandError, findPostgresServers, isErrno, runCommand, type RunOptions } from './postgis-install';

const SUPERUSER = 'postgres';
const START_TIMEOUT_S = 300; // crash recovery replays WAL before the server is ready
const STOP_TIMEOUT_S = 60;
const LOG_ROTATE_BYTES = 16 * 1024 * 1024;
// sun_path is 108 bytes including the NUL; PostgreSQL appends "/.s.PGSQL.<port>.lock".
const SOCKET_PATH_MAX = 107 - '/.s.PGSQL.65535.lock'.length;

type RunUser = NonNullable<RunOptions['user']>;

export interface EmbeddedPostgresOptions {
  dataDir: string;
  log: Logger;
  database?: string;
  /** Server binaries; default: those of the cluster's major version, else the newest installed. */
  binDir?: string;
}

interface Cluster {
  root: string;
  pgdata: string;
  passwordFile: string;
  stateFile: string;
  logFile: string;
  socketDir: string;
  binDir: string;
  /** Set when we are root: PostgreSQL refuses to run as root, so its processes run as this user. */
  user: RunUser | undefined;
  log: Logger;
}

interface PostmasterPid {
  pid: number;
  port: number;
  status: string;
}

export class EmbeddedPostgres {
  readonly connectionString: string;
  readonly port: number;
  readonly socketDir: string;
  readonly #cluster: Cluster;
  #closed: Promise<void> | undefined;

  private constructor(cluster: Cluster, port: number, password: string, database: string) {
    this.#cluster = cluster;
    this.port = port;
    this.socketDir = cluster.socketDir;
    // sslmode=disable: a PGSSLMODE=require in the environment must not break a loopback connection.
    this.connectionString =
      `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}` +
      `/${encodeURIComponent(database)}?sslmode=disable`;
  }

  static async create({
    dataDir,
    log,
    database = 'fcc',
    binDir,
  }: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const cluster = await prepareCluster(path.resolve(dataDir, 'postgres'), log, binDir);
    const password = await ensurePassword(cluster);
    if (!(await exists(path.join(cluster.pgdata, 'PG_VERSION')))) await initCluster(cluster);
    const { port, started } = await startCluster(cluster);
    const instance = new EmbeddedPostgres(cluster, port, password, database);
    try {
      await ensureDatabase(port, password, database, cluster);
    } catch (error) {
      // A cluster we adopted may be serving another process; only undo our own start.
      if (started) await instance.close();
      throw error;
    }
    log.info({ port, database, pgdata: cluster.pgdata }, 'embedded PostgreSQL ready');
    return instance;
  }

  /** Stops the cluster (fast shutdown: open sessions are rolled back). Safe to call repeatedly. */
  close(): Promise<void> {
    return (this.#closed ??= stopCluster(this.#cluster));
  }
}

async function prepareCluster(root: string, log: Logger, binDir: string | undefined): Promise<Cluster> {
  const user = process.getuid?.() === 0 ? await postgresUser(log) : undefined;
  await fs.mkdir(path.dirname(root), { recursive: true });
  await fs.mkdir(root, { recursive: true, mode: 0o700 });
  const rootStat = await fs.stat(root);
  if (user) {
    await makeTraversable(path.dirname(root), user, log);
    if (rootStat.uid !== user.uid) await chownTree(root, user);
  } else if (rootStat.uid !== process.getuid?.()) {
    throw new Error(`${root} belongs to uid ${rootStat.uid}; run the server as that user or as root`);
  }

  const pgdata = path.join(root, 'pgdata');
  const socketDir = await prepareSocketDir(root, user);
  const cluster: Cluster = {
    root,
    pgdata,
    passwordFile: path.join(root, 'superuser-password'),
    stateFile: path.join(root, 'embedded.json'),
    logFile: path.join(root, 'postgres.log'),
    socketDir,
    binDir: binDir ?? (await chooseBinDir(pgdata)),
    user,
    log,
  };
  await removeAbandonedInits(cluster);
  return cluster;
}

async function chooseBinDir(pgdata: string): Promise<string> {
  const servers = await findPostgresServers();
  const version = await fs.readFile(path.join(pgdata, 'PG_VERSION'), 'utf8').catch((error: unknown) => {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  });
  if (version === undefined) {
    const newest = servers[0];
    if (!newest) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
    return newest.binDir;
  }
  const major = Number(version.trim());
  const match = servers.find((server) => server.major === major);
  if (!match) {
    throw new Error(
      `${pgdata} was created by PostgreSQL ${major}, whose binaries are not installed ` +
        `(installed: ${servers.map((s) => s.major).join(', ') || 'none'}); install postgresql-${major} or upgrade the cluster with pg_upgrade`,
    );
  }
  return match.binDir;
}

/** The socket lives inside the data dir unless that path is too long for a Unix socket. */
async function prepareSocketDir(root: string, user: RunUser | undefined): Promise<string> {
  const inside = path.join(root, 'run');
  const dir =
    Buffer.byteLength(inside) <= SOCKET_PATH_MAX
      ? inside
      : path.join('/tmp', `fcc-pg-${createHash('sha256').update(root).digest('hex').slice(0, 16)}`);
  let created = true;
  await fs.mkdir(dir, { mode: 0o700 }).catch((error: unknown) => {
    if (!isErrno(error, 'EEXIST')) throw error;
    created = false;
  });
  const owner = user?.uid ?? process.getuid?.();
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory()) throw new Error(`socket directory ${dir} is not a directory`);
  if (stat.uid !== owner) {
    // One we just made, or one inside our own tree, is ours to fix; an existing one in /tmp may be
    // someone else's trap.
    if (user && (created || dir === inside)) await fs.chown(dir, user.uid, user.gid);
    else throw new Error(`socket directory ${dir} belongs to uid ${stat.uid}, expected ${owner}`);
  }
  return dir;
}

async function ensurePassword(cluster: Cluster): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  try {
    await fs.writeFile(cluster.passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    const saved = (await fs.readFile(cluster.passwordFile, 'utf8')).trim();
    if (!saved) throw new Error(`${cluster.passwordFile} is empty`);
    return saved;
  }
  await own(cluster, cluster.passwordFile);
  return password;
}

async function initCluster(cluster: Cluster): Promise<void> {
  const { log } = cluster;
  // initdb into a scratch dir and rename it: a crash mid-initdb must not leave a half cluster.
  const scratch = `${cluster.pgdata}.init-${randomBytes(4).toString('hex')}`;
  await fs.mkdir(scratch, { mode: 0o700 });
  await own(cluster, scratch);
  log.info({ pgdata: cluster.pgdata }, 'creating the embedded PostgreSQL cluster');
  const initdb = (locale: string, quiet: boolean) =>
    runPg(
      cluster,
      'initdb',
      [
        `--pgdata=${scratch}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${cluster.passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        `--locale=${locale}`,
      ],
      { quiet },
    );
  try {
    try {
      await initdb('C.UTF-8', true);
    } catch (error) {
      if (!(error instanceof CommandError) || !/locale/i.test(error.output)) {
        log.error({ output: error instanceof CommandError ? error.output : undefined }, 'initdb failed');
        throw error;
      }
      log.warn('locale C.UTF-8 is not available; creating the cluster with locale C');
      await initdb('C', false);
    }
    // Settings that change per start (port, socket dir) go into a file we rewrite at each start.
    await fs.appendFile(path.join(scratch, 'postgresql.conf'), "\ninclude_if_exists = 'embedded.conf'\n");
    await fs.rename(scratch, cluster.pgdata);
  } catch (error) {
    await fs.rm(scratch, { recursive: true, force: true });
    if (!isErrno(error, 'ENOTEMPTY') && !isErrno(error, 'EEXIST')) throw error;
    log.info('another process created the cluster first; using it');
  }
}

/** Scratch dirs of an initdb that died; an hour is far beyond any initdb still running. */
async function removeAbandonedInits(cluster: Cluster): Promise<void> {
  const prefix = `${path.basename(cluster.pgdata)}.init-`;
  for (const entry of await fs.readdir(cluster.root)) {
    if (!entry.startsWith(prefix)) continue;
    const dir = path.join(cluster.root, entry);
    if (Date.now() - (await fs.stat(dir)).mtimeMs < 3_600_000) continue;
    cluster.log.warn({ dir }, 'removing an abandoned initdb directory');
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Starts the cluster, or adopts it when it is already running. */
async function startCluster(cluster: Cluster): Promise<{ port: number; started: boolean }> {
  const { log } = cluster;
  let portTaken = false;
  for (let attempt = 1; ; attempt += 1) {
    const running = await runningPostmaster(cluster);
    if (running) {
      log.info({ pid: running.pid, port: running.port }, 'embedded PostgreSQL already running; reusing it');
      return { port: running.port, started: false };
    }
    const port = await choosePort(cluster.stateFile, portTaken);
    await writeStartConfig(cluster, port);
    await rotateLog(cluster);
    const logOffset = await fileSize(cluster.logFile);
    try {
      await runPg(
        cluster,
        'pg_ctl',
        ['start', '-D', cluster.pgdata, '-w', '-t', String(START_TIMEOUT_S), '-l', cluster.logFile],
        {
          quiet: true,
          timeoutMs: (START_TIMEOUT_S + 30) * 1000,
        },
      );
      await writeJson(cluster, cluster.stateFile, { port });
      return { port, started: true };
    } catch (error) {
      const logTail = await readLogSince(cluster.logFile, logOffset);
      // Transient: the port was taken after we probed it, or processes of a killed postmaster
      // still hold its shared memory for a moment, or another process is starting it right now.
      portTaken = /could not bind|already in use/i.test(logTail);
      const transient = portTaken || /shared memory block|lock file .* already exists/i.test(logTail);
      if (!transient || attempt >= 5) {
        const output = error instanceof CommandError ? error.output : String(error);
        log.error({ output, logTail, logFile: cluster.logFile }, 'embedded PostgreSQL failed to start');
        const reason = logTail
          .split('\n')
          .filter((line) => /FATAL|ERROR|PANIC/.test(line))
          .at(-1);
        const message = `embedded PostgreSQL failed to start (see ${cluster.logFile})`;
        throw new Error(reason ? `${message}: ${reason}` : message, { cause: error });
      }
      log.warn({ attempt, port }, 'embedded PostgreSQL start failed transiently; retrying');
      await sleep(1000 * attempt);
    }
  }
}

async function stopCluster(cluster: Cluster): Promise<void> {
  const { log } = cluster;
  if (!(await runningPostmaster(cluster, { wait: false }))) {
    log.debug('embedded PostgreSQL is not running');
    return;
  }
  const stop = (mode: 'fast' | 'immediate') =>
    runPg(cluster, 'pg_ctl', ['stop', '-D', cluster.pgdata, '-m', mode, '-w', '-t', String(STOP_TIMEOUT_S)], {
      quiet: true,
      timeoutMs: (STOP_TIMEOUT_S + 30) * 1000,
    });
  try {
    await stop('fast');
  } catch (error) {
    if (!(await runningPostmaster(cluster, { wait: false }))) return; // stopped meanwhile by someone else
    log.warn(
      { output: error instanceof CommandError ? error.output : String(error) },
      'fast shutdown failed; stopping immediately',
    );
    await stop('immediate');
  }
  log.info('embedded PostgreSQL stopped');
}

/**
 * The postmaster running this cluster, or undefined. A postmaster.pid whose process is gone or is
 * not our postmaster (pids are reused, e.g. after a container restart) is removed, because
 * PostgreSQL refuses to start while any process holds the recorded pid.
 */
async function runningPostmaster(cluster: Cluster, { wait = true } = {}): Promise<PostmasterPid | undefined> {
  const deadline = Date.now() + START_TIMEOUT_S * 1000;
  for (;;) {
    const info = await readPostmasterPid(cluster.pgdata);
    if (!info) return undefined;
    const ours = await isPostmasterOf(info.pid, cluster.pgdata);
    if (ours === false) {
      cluster.log.warn({ pid: info.pid }, 'removing a stale postmaster.pid');
      await clearStaleLocks(cluster);
      return undefined;
    }
    // A starting server (or one shutting down) is waited for rather than started a second time.
    if (!wait || info.status === 'ready' || ours === undefined) return info;
    if (Date.now() > deadline) throw new Error(`embedded PostgreSQL stuck in state "${info.status}"`);
    await sleep(200);
  }
}

async function readPostmasterPid(pgdata: string): Promise<PostmasterPid | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(pgdata, 'postmaster.pid'), 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  // Line 1 pid, 4 port, 8 status (see PostgreSQL's pidfile.h); later lines appear during startup.
  const lines = text.split('\n');
  return {
    pid: Number(lines[0]),
    port: Number(lines[3]),
    status: lines[7]?.trim() ?? '',
  };
}

/** true/false when /proc can tell (the postmaster's cwd is its data dir); undefined when it cannot. */
async function isPostmasterOf(pid: number, pgdata: string): Promise<boolean | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (!(await exists('/proc/self/cwd'))) {
    try {
      process.kill(pid, 0);
      return undefined;
    } catch (error) {
      return isErrno(error, 'ESRCH') ? false : undefined;
    }
  }
  try {
    return (await fs.readlink(`/proc/${pid}/cwd`)) === (await fs.realpath(pgdata));
  } catch (error) {
    // ENOENT: no such process. EACCES: another user's process, so not the one we started.
    if (isErrno(error, 'ENOENT') || isErrno(error, 'EACCES') || isErrno(error, 'EPERM')) return false;
    throw error;
  }
}

async function clearStaleLocks(cluster: Cluster): Promise<void> {
  await fs.rm(path.join(cluster.pgdata, 'postmaster.pid'), { force: true });
  // The socket dir is private to this cluster; its lock files record the dead pid too.
  for (const entry of await fs.readdir(cluster.socketDir)) {
    if (entry.startsWith('.s.PGSQL.')) await fs.rm(path.join(cluster.socketDir, entry), { force: true });
  }
}

async function choosePort(stateFile: string, avoidSaved: boolean): Promise<number> {
  const saved = await readJson<{ port?: unknown }>(stateFile);
  const port = saved?.port;
  if (!avoidSaved && typeof port === 'number' && (await isPortFree(port))) return port;
  return freePort();
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function writeStartConfig(cluster: Cluster, port: number): Promise<void> {
  const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  const file = path.join(cluster.pgdata, 'embedded.conf');
  await fs.writeFile(
    file,
    [
      '# Rewritten by the server at every start (server/src/db/embedded-postgres.ts).',
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      `unix_socket_directories = ${quote(cluster.socketDir)}`,
      'unix_socket_permissions = 0700',
      "cluster_name = 'fcc-embedded'",
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  await own(cluster, file);
}

async function rotateLog(cluster: Cluster): Promise<void> {
  if ((await fileSize(cluster.logFile)) > LOG_ROTATE_BYTES)
    await fs.rename(cluster.logFile, `${cluster.logFile}.1`);
}

async function ensureDatabase(
  port: number,
  password: string,
  database: string,
  cluster: Cluster,
): Promise<void> {
  const connect = async (name: string) => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: SUPERUSER,
      password,
      database: name,
      ssl: false,
    });
    // Without a listener, a connection dropped by the server would crash the process.
    client.on('error', (error) => cluster.log.warn({ err: error }, 'setup connection failed'));
    try {
      await client.connect();
    } catch (error) {
      if ((error as { code?: string }).code === '28P01') {
        throw new Error(`the embedded cluster rejected the password in ${cluster.passwordFile}`, {
          cause: error,
        });
      }
      throw error;
    }
    return client;
  };

  const admin = await connect('postgres');
  try {
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) {
      cluster.log.info({ database }, 'creating database');
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`).catch((error: unknown) => {
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error; // created concurrently
      });
    }
  } finally {
    await admin.end();
  }

  const client = await connect(database);
  try {
    // IF NOT EXISTS is not safe against a concurrent CREATE EXTENSION; the lock serializes them.
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('fcc:create-extension-postgis'))");
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function runPg(
  cluster: Cluster,
  binary: string,
  args: string[],
  options: Partial<RunOptions> = {},
): Promise<string> {
  // PG* variables (PGPORT, PGDATA, ...) of the caller's shell must not leak into our cluster.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PG')));
  return runCommand(path.join(cluster.binDir, binary), args, {
    ...options,
    log: cluster.log,
    env,
    cwd: cluster.root,
    user: cluster.user,
  });
}

/**
 * The `postgres` system user that Debian's postgresql package creates; created here when PostgreSQL
 * was installed some other way. Spawning with its uid/gid (libuv also drops supplementary groups)
 * does what `runuser -u postgres --` does, without depending on PAM.
 */
async function postgresUser(log: Logger): Promise<RunUser> {
  const lookup = async () => {
    try {
      return await runCommand('getent', ['passwd', 'postgres'], { log, quiet: true });
    } catch (error) {
      if (error instanceof CommandError && error.exitCode === 2) return undefined; // no such user
      throw error;
    }
  };
  let entry = await lookup();
  if (!entry) {
    log.warn('creating the postgres system user');
    await runCommand(
      'useradd',
      [
        '--system',
        '--user-group',
        '--home-dir',
        '/var/lib/postgresql',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        'postgres',
      ],
      { log },
    );
    entry = await lookup();
  }
  const [name, , uid, gid, , home] = (entry ?? '').trim().split(':');
  if (!name || !uid || !gid) throw new Error('the postgres system user could not be found or created');
  return { name, uid: Number(uid), gid: Number(gid), home: home || '/' };
}

/** The postgres user must be able to reach the cluster: add the search bit where it is missing. */
async function makeTraversable(dir: string, user: RunUser, log: Logger): Promise<void> {
  const chain: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    chain.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const current of chain) {
    const stat = await fs.stat(current);
    const bit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
    if (stat.mode & bit) continue;
    log.warn({ dir: current }, 'adding o+x so that the postgres user can reach the embedded cluster');
    await fs.chmod(current, (stat.mode & 0o7777) | 0o001);
  }
}

async function chownTree(target: string, user: RunUser): Promise<void> {
  await fs.lchown(target, user.uid, user.gid);
  const stat = await fs.lstat(target);
  if (!stat.isDirectory()) return;
  for (const entry of await fs.readdir(target)) await chownTree(path.join(target, entry), user);
}

async function own(cluster: Cluster, file: string): Promise<void> {
  if (cluster.user) await fs.chown(file, cluster.user.uid, cluster.user.gid);
}

async function writeJson(cluster: Cluster, file: string, value: unknown): Promise<void> {
  const scratch = `${file}.${process.pid}.tmp`;
  await fs.writeFile(scratch, `${JSON.stringify(value)}\n`);
  await own(cluster, scratch);
  await fs.rename(scratch, file);
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (error) {
    if (isErrno(error, 'ENOENT') || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** What the server logged during this start attempt (at most the last 8 KiB of it). */
async function readLogSince(file: string, offset: number, limit = 8192): Promise<string> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return '';
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(size < offset ? 0 : offset, size - limit); // size < offset: rotated
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 0;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    (error: unknown) => {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    },
  );
}
