// Expiry of abandoned device uploads against the real tus server (HTTP on an ephemeral port, real
// PostGIS): an upload that received no bytes for UPLOAD_ABANDONED_HOURS is removed with its
// metadata and written to the audit log with its device and the bytes it had; the device that
// comes back gets 404 and starts again; an upload still receiving bytes and an indexed recording
// stay as they are. The job is run directly, its age given as a parameter or left at the setting;
// "no bytes for 25 hours" is made by moving the partial file's modification time back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, RecordingVerification } from '@fcc/shared';
import { createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';
import { bodycamClip, createUpload, patch, sha256Hex, uploadOffset } from './helpers/tus-client';

const HOUR_MS = 3_600_000;

describe('expiry of abandoned uploads', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-upload-expiry-'));
  let t: TestApp;
  let base: string;
  let patrol: PatrolFixture;
  let clip: Buffer;
  const startedAt = new Date(Date.now() - 3 * HOUR_MS).toISOString();

  /** The clip with one byte changed: another file (another SHA-256) of the same size. */
  const variant = (n: number) => {
    const copy = Buffer.from(clip);
    copy[copy.length - 10 - n]! ^= 0x01;
    return copy;
  };
  const declare = (data: Buffer, filename: string) => ({
    filename,
    startedAt,
    durationSeconds: '3',
    sha256: sha256Hex(data),
  });
  /** Creates an upload and sends the first `sent` bytes of `data`; answers its URL. */
  const start = async (data: Buffer, filename: string, sent: number) => {
    const created = await createUpload(base, patrol.deviceToken, data.length, declare(data, filename));
    expect(created.status, created.body).toBe(201);
    const url = `${base}${created.headers.location}`;
    if (sent > 0) {
      const patched = await patch(url, patrol.deviceToken, 0, data.subarray(0, sent));
      expect(patched.status, patched.body).toBe(204);
    }
    return url;
  };
  const uploadsDir = () => t.config.recordings.uploadsDir;
  const idOf = (url: string) => url.split('/').at(-1)!;
  const backdate = (url: string, hours: number) => {
    const at = new Date(Date.now() - hours * HOUR_MS);
    fs.utimesSync(path.join(uploadsDir(), idOf(url)), at, at);
  };

  beforeAll(async () => {
    t = await createTestApp({
      DATA_DIR: dataDir,
      UPLOAD_ABANDONED_HOURS: '24',
      RECORDING_VERIFY_EVERY_MINUTES: 'off',
    });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    patrol = await createPatrolFixture(t);
    clip = fs.readFileSync(await bodycamClip());
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('removes only the upload abandoned longer than the setting; the device starts it again', async () => {
    // Finished and indexed: never touched.
    const indexedUrl = `${base}${(await createUpload(base, patrol.deviceToken, clip.length, declare(clip, 'A.mp4'))).headers.location}`;
    const finished = await patch(indexedUrl, patrol.deviceToken, 0, clip);
    expect(finished.status, finished.body).toBe(204);
    const recordingId = finished.headers['x-recording-id'] as string;

    const half = Math.floor(clip.length / 2);
    const abandonedData = variant(1);
    const abandoned = await start(abandonedData, 'B.mp4', half);
    backdate(abandoned, 25);
    const quiet = await start(variant(2), 'C.mp4', 1000);
    backdate(quiet, 23); // quiet for a while, but not for the whole period
    const never = await start(variant(3), 'D.mp4', 0);
    backdate(never, 30); // created and then nothing at all

    const removed = await t.app.services.uploadExpiry.run();
    expect(removed.map((upload) => upload.uploadId).sort()).toEqual([idOf(abandoned), idOf(never)].sort());
    expect(removed.find((upload) => upload.uploadId === idOf(abandoned))).toMatchObject({
      deviceId: patrol.deviceId,
      bytesReceived: half,
      uploadLength: clip.length,
    });
    // Nothing is left of them; the other upload keeps its bytes and its offset.
    expect(fs.readdirSync(uploadsDir()).sort()).toEqual([idOf(quiet), `${idOf(quiet)}.json`].sort());
    expect((await uploadOffset(quiet, patrol.deviceToken)).headers['upload-offset']).toBe('1000');

    const audit = await t.app.inject({
      url: '/api/audit?action=upload.expired',
      headers: t.auth('supervisor'),
    });
    expect(audit.json<AuditEntry[]>()).toContainEqual(
      expect.objectContaining({
        actor: 'system',
        targetType: 'device',
        targetId: patrol.deviceId,
        details: expect.objectContaining({
          uploadId: idOf(abandoned),
          bytesReceived: half,
          filename: 'B.mp4',
          abandonedHours: 24,
        }),
      }),
    );

    // The device comes back: the upload is gone (404 to HEAD and PATCH), so it uploads again.
    expect((await uploadOffset(abandoned, patrol.deviceToken)).status).toBe(404);
    const resumed = await patch(abandoned, patrol.deviceToken, half, abandonedData.subarray(half));
    expect(resumed.status).toBe(404);
    const again = await start(abandonedData, 'B.mp4', abandonedData.length);
    expect(fs.existsSync(path.join(uploadsDir(), idOf(again)))).toBe(false); // indexed and moved

    // The indexed recording is whole.
    const verified = await t.app.inject({
      method: 'POST',
      url: `/api/recordings/${recordingId}/verify`,
      headers: t.auth('supervisor'),
    });
    expect(verified.json<RecordingVerification>()).toMatchObject({ ok: true, checked: 1 });
  }, 120_000);

  it('takes the age as a parameter: with one hour, the upload quiet for 23 hours goes, the one just written to stays until it is quiet too', async () => {
    const quiet = fs.readdirSync(uploadsDir()).find((name) => !name.endsWith('.json'))!;
    const fresh = await start(variant(4), 'E.mp4', 2000);
    const first = await t.app.services.uploadExpiry.run(HOUR_MS);
    expect(first.map((upload) => upload.uploadId)).toEqual([quiet]);
    backdate(fresh, 2);
    const second = await t.app.services.uploadExpiry.run(HOUR_MS);
    expect(second.map((upload) => upload.uploadId)).toEqual([idOf(fresh)]);
    expect((await uploadOffset(fresh, patrol.deviceToken)).status).toBe(404);
    expect(fs.readdirSync(uploadsDir())).toEqual([]);
  });
});
