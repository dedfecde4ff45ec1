// Finds the machine's PostgreSQL server binaries and makes sure PostGIS is installed for them,
// installing Debian's packages when we are root (architecture decision 1).
import { spawn } from 'node:child_process';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

const POSTGRES_ROOT = '/usr/lib/postgresql';
const DEFAULT_MAJOR = 15;

export interface PostgresServer {
  binDir: string;
  major: number;
}

export class PostgisMissingError extends Error {
  /** The message is the exact command an administrator has to run. */
  constructor(readonly command: string) {
    super(command);
    this.name = 'PostgisMissingError';
  }
}

/** Installed PostgreSQL majors that have server binaries, newest first. */
export async function findPostgresServers(): Promise<PostgresServer[]> {
  let entries: string[];
  try {
    entries = await readdir(POSTGRES_ROOT);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const servers: PostgresServer[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const binDir = path.join(POSTGRES_ROOT, entry, 'bin');
    if (await exists(path.join(binDir, 'initdb'))) servers.push({ binDir, major: Number(entry) });
  }
  return servers.sort((a, b) => b.major - a.major);
}

export async function hasPostgis(major: number): Promise<boolean> {
  // The control file comes with the -scripts package; the library is what CREATE EXTENSION loads.
  const control = `/usr/share/postgresql/${major}/extension/postgis.control`;
  const library = path.join(POSTGRES_ROOT, String(major), 'lib', 'postgis-3.so');
  return (await exists(control)) && (await exists(library));
}

export async function ensurePostgisInstalled(log: Logger): Promise<PostgresServer> {
  const installed = (await findPostgresServers())[0];
  const major = installed?.major ?? DEFAULT_MAJOR;
  if (installed && (await hasPostgis(major))) {
    log.debug({ binDir: installed.binDir, major }, 'PostgreSQL with PostGIS found');
    return installed;
  }

  // Only add the server package when none is installed: the `postgresql` metapackage would pull
  // the distribution's default major even when another major is already installed.
  const packages = installed
    ? [`postgresql-${major}-postgis-3`]
    : ['postgresql', `postgresql-${major}-postgis-3`];
  const command = `sudo apt-get install -y ${packages.join(' ')}`;
  if (process.getuid?.() !== 0) {
    log.error({ major, postgresInstalled: Boolean(installed), command }, 'PostGIS is not installed');
    throw new PostgisMissingError(command);
  }

  log.warn({ packages }, 'installing PostgreSQL/PostGIS with apt-get');
  await aptInstall(packages, log);

  const after = (await findPostgresServers()).find((server) => server.major === major);
  if (!after || !(await hasPostgis(major))) {
    throw new Error(
      `apt-get installed ${packages.join(' ')} but PostgreSQL ${major} with PostGIS is still not found`,
    );
  }
  log.info({ binDir: after.binDir, major }, 'PostgreSQL with PostGIS installed');
  return after;
}

async function aptInstall(packages: string[], log: Logger): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => runCommand('apt-get', ['install', '-y', ...packages], { log, env, quiet: true });
  try {
    await install();
  } catch (error) {
    // A fresh machine (or container image) often ships without package lists.
    if (
      !(error instanceof CommandError) ||
      !/Unable to locate package|has no installation candidate/.test(error.output)
    ) {
      throw error;
    }
    log.warn({ packages }, 'apt-get could not find the packages; running apt-get update first');
    await runCommand('apt-get', ['update'], { log, env });
    await install();
  }
}

export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    /** stdout and stderr, interleaved, capped to the last 64 KiB. */
    readonly output: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  log: Logger;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user (root only); PostgreSQL refuses to run as root. */
  user?: { uid: number; gid: number; name: string; home: string };
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Do not log the output on failure: the caller inspects it and may retry. */
  quiet?: boolean;
}

const OUTPUT_LIMIT = 64 * 1024;

/** Runs a command to completion and returns its output; a non-zero exit throws CommandError. */
export async function runCommand(file: string, args: string[], options: RunOptions): Promise<string> {
  const { log, user } = options;
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 10 * 60_000)];
  if (options.signal) signals.push(options.signal);
  const signal = AbortSignal.any(signals);
  const env = user
    ? { ...(options.env ?? process.env), HOME: user.home, USER: user.name, LOGNAME: user.name }
    : (options.env ?? process.env);

  const command = [file, ...args].join(' ');
  log.debug({ command }, 'running');
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };

  const result = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env,
      signal,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    let spawnError: Error | undefined;
    child.on('error', (error) => {
      spawnError = error;
    });
    // 'close' (not 'exit') so that all output has been read; it also follows 'error'.
    child.on('close', (code) => resolve(spawnError ? { code, error: spawnError } : { code }));
  });

  if (result.error || result.code !== 0) {
    const reason = result.error ? result.error.message : `exit code ${result.code}`;
    if (!options.quiet) log.error({ command, exitCode: result.code, output }, 'command failed');
    throw new CommandError(`${command} failed: ${reason}`, result.code, output);
  }
  return output;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return false;
    throw error;
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
