// Crash safety with real processes: the server (server/src/main.ts) records a live publisher
// and is killed with SIGKILL mid-segment; a new server on the same database and data folder
// finds the recording open, indexes or repairs what is on disk and closes it with the reason.
// First the server alone is killed (its ffmpeg outlives it), then the server with its ffmpeg
// (as in a power loss), which leaves the last segment unfinished.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingDetail, RecordingList, RecordingVerification } from '@fcc/shared';
import { hashPassword } from '../src/modules/auth/passwords';
import { UsersRepository } from '../src/modules/users/users-repository';
import { checkMedia, resolveFfmpeg } from '../src/modules/recordings/ffmpeg-tools';
import { createTestDatabase } from './helpers/test-database';
import { startPublisher } from './helpers/media-peers';
import { until } from './helpers/polling';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'crash test password';

describe('recordings survive kill -9 of the server', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-rec-crash-'));
  const ffmpeg = resolveFfmpeg(process.env.FFMPEG_PATH ?? null);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: { child: ChildProcess; url: string; output: () => string } | null = null;
  let token = '';
  let device = { id: '', token: '' };

  const api = async <T>(method: string, route: string, body?: unknown, bearer = token): Promise<T> => {
    const response = await fetch(`${server!.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<T>;
  };

  async function startServer(): Promise<void> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: repoRoot,
      // Its own process group, so that a "power loss" can kill it together with its ffmpeg.
      detached: true,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        PORT: String(port),
        OSMAND_PORT: 'off',
        LOG_LEVEL: 'warn',
        ADMIN_PASSWORD: PASSWORD,
        RECORDING_SEGMENT_SECONDS: '2',
        MEDIA_TIMEOUT_MS: '700',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    server = { child, url: `http://127.0.0.1:${port}`, output: () => output };
    await until(
      () => output,
      (text) => text.includes('Press Ctrl-C to stop') || child.exitCode !== null,
      90_000,
    );
    if (!output.includes('Press Ctrl-C to stop')) throw new Error(`server did not start:\n${output}`);
    token = (
      await api<{ token: string }>('POST', '/api/auth/login', { username: 'admin', password: PASSWORD }, '')
    ).token;
  }

  async function killServer(withFfmpeg: boolean): Promise<void> {
    const { child } = server!;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (withFfmpeg) process.kill(-child.pid!, 'SIGKILL');
    else child.kill('SIGKILL');
    await exited;
    server = null;
  }

  /** Publishes until the recording has `segments` segments and is `intoNext` ms into another. */
  async function recordThenCrash(withFfmpeg: boolean): Promise<{ id: string; before: RecordingDetail }> {
    const publisher = await startPublisher({
      url: `${server!.url}/api/media/devices/${device.id}/whip`,
      token: device.token,
    });
    const streamId = publisher.exchange.streamId!;
    const recording = await until(
      () => api<RecordingList>('GET', `/api/recordings?deviceId=${device.id}`),
      (list) => list.some((entry) => entry.streamId === streamId),
    );
    const id = recording.find((entry) => entry.streamId === streamId)!.id;
    const before = await until(
      () => api<RecordingDetail>('GET', `/api/recordings/${id}`),
      (detail) => detail.segmentCount >= 2,
    );
    // Kill once the segment being written holds media (its first cluster, about 1 s in; the
    // segment ends at 2 s), so the crash leaves an unfinished segment with something to repair.
    const unfinished = path.join(
      dataDir,
      'recordings',
      id,
      `r001-${String(before.segmentCount).padStart(5, '0')}.webm`,
    );
    await until(
      () => (fs.existsSync(unfinished) ? fs.statSync(unfinished).size : 0),
      (size) => size > 4096,
    );
    await killServer(withFfmpeg);
    await publisher.drop();
    return { id, before };
  }

  const ffmpegOf = (recordingId: string) =>
    fs
      .readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(recordingId);
        } catch {
          return false;
        }
      });

  beforeAll(async () => {
    database = await createTestDatabase();
    // An administrator already there: the server skips seeding the demo town.
    await new UsersRepository(database.db).insert(database.db, {
      username: 'admin',
      displayName: 'Admin',
      passwordHash: await hashPassword(PASSWORD),
      role: 'administrator',
      officerId: null,
    });
    await startServer();
    const created = await api<{ id: string }>('POST', '/api/devices', {
      kind: 'bodycam',
      name: 'Crash bodycam',
      uniqueId: 'BC-CRASH-1',
    });
    device = {
      id: created.id,
      token: (await api<{ token: string }>('POST', `/api/devices/${created.id}/token`)).token,
    };
  }, 120_000);

  afterAll(async () => {
    if (server) {
      const exited = new Promise((resolve) => server!.child.once('exit', resolve));
      server.child.kill('SIGINT');
      await exited;
    }
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectRecovered(id: string, before: RecordingDetail): Promise<RecordingDetail> {
    const after = await api<RecordingDetail>('GET', `/api/recordings/${id}`);
    expect(after.endedAt).not.toBeNull();
    expect(after.closeReason).toMatch(/^The server stopped unexpectedly while recording; closed at restart/);
    // Everything indexed before the crash is still there, unchanged, and more was found on disk.
    expect(after.segments.slice(0, before.segments.length)).toEqual(before.segments);
    expect(after.segments.length).toBeGreaterThan(before.segments.length);
    const { rows } = await database.pool.query<{ path: string }>(
      'SELECT path FROM recording_segments WHERE recording_id = $1 ORDER BY seq',
      [id],
    );
    expect(rows).toHaveLength(after.segments.length);
    for (const row of rows) {
      const file = path.join(dataDir, 'recordings', row.path);
      expect((await checkMedia(ffmpeg, file)).errors, file).toBe('');
    }
    const verification = await api<RecordingVerification>('POST', `/api/recordings/${id}/verify`);
    expect(verification).toMatchObject({ ok: true, checked: after.segments.length });
    expect(ffmpegOf(id)).toEqual([]);
    return after;
  }

  it('after the server alone was killed, its ffmpeg finishes the segment and the restart indexes it', async () => {
    const { id, before } = await recordThenCrash(false);
    expect(ffmpegOf(id)).toHaveLength(1); // it outlived the server
    await startServer();
    const after = await expectRecovered(id, before);
    const found = after.segments.slice(before.segments.length);
    expect(
      found.every((segment) => !segment.repaired && segment.note?.startsWith('Indexed at restart')),
    ).toBe(true);
  }, 150_000);

  it('after the server and its ffmpeg were killed, the unfinished last segment is repaired and indexed', async () => {
    const { id, before } = await recordThenCrash(true);
    await startServer();
    const after = await expectRecovered(id, before);
    const last = after.segments.at(-1)!;
    expect(last.repaired).toBe(true);
    expect(last.note).toMatch(
      /remuxed from the unfinished r001-\d{5}\.webm \(\d+ bytes, SHA-256 [0-9a-f]{64}\)/,
    );
    expect(after.closeReason).toMatch(/was unfinished and was repaired/);
  }, 150_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
