// Recordings made without a camera, for tests of what happens to recordings after they are made
// (description, cases, retention, export): rows inserted as the recorder would leave them, with
// segment files on disk indexed and chained by the real repository. Times are chosen by the test,
// so a recording can be made to have ended months ago.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { RecordingsRepository } from '../../src/modules/recordings/recordings-repository';
import { hashFile } from '../../src/modules/recordings/stream-recording';
import { TEST_PASSWORD, type TestApp } from './test-app';

export interface SeededRecording {
  id: string;
  files: string[];
}

export async function seedRecording(
  t: TestApp,
  pool: pg.Pool,
  options: {
    deviceId: string;
    officerId: string | null;
    startedAt: Date;
    segments?: number;
    segmentSeconds?: number;
  },
): Promise<SeededRecording> {
  const id = randomUUID();
  const segments = options.segments ?? 2;
  const seconds = options.segmentSeconds ?? 10;
  const endedAt = new Date(options.startedAt.getTime() + segments * seconds * 1000);
  await pool.query(
    `INSERT INTO recordings (id, device_id, officer_id, source, started_at, ended_at, close_reason, container, video_codec, audio_codec)
     VALUES ($1, $2, $3, 'live', $4, $5, 'stream ended: stopped by the publisher', 'webm', 'VP8', 'opus')`,
    [id, options.deviceId, options.officerId, options.startedAt, endedAt],
  );
  const repository = new RecordingsRepository(pool);
  const dir = path.join(t.config.recordings.dir, id);
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let seq = 0; seq < segments; seq++) {
    const name = `r0-${String(seq).padStart(5, '0')}.webm`;
    const file = path.join(dir, name);
    fs.writeFileSync(file, randomBytes(4096 + seq));
    const { sha256, bytes } = await hashFile(file);
    const at = (index: number) =>
      new Date(options.startedAt.getTime() + index * seconds * 1000).toISOString();
    await repository.appendSegment(id, {
      path: `${id}/${name}`,
      startedAt: at(seq),
      endedAt: at(seq + 1),
      bytes,
      sha256,
      gapBefore: false,
      repaired: false,
      note: null,
    });
    files.push(file);
  }
  return { id, files };
}

/** A signed-in officer account linked to an officer record; returns its bearer header. */
export async function signInOfficer(t: TestApp, officerId: string, username: string) {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: t.auth('administrator'),
    payload: { username, displayName: username, password: TEST_PASSWORD, role: 'officer', officerId },
  });
  if (created.statusCode !== 201) throw new Error(`officer account not created: ${created.body}`);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`officer login failed: ${response.body}`);
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}
