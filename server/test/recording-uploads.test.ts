// Device uploads over tus against the real server (HTTP on an ephemeral port, real ffprobe, real
// PostGIS): an upload cut off mid-PATCH resumes from the server's offset and becomes a recording
// that verifies and exports; a file whose SHA-256 differs from the declared one, or that is not
// media, is refused with a 4xx and leaves nothing indexed; bad declarations are refused up front.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, RecordingDetail, RecordingVerification } from '@fcc/shared';
import { verifyPackage } from '../src/modules/cases/evidence-package';
import { createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';
import { bodycamClip, createUpload, patch, patchCut, sha256Hex, uploadOffset } from './helpers/tus-client';

describe('device uploads (tus)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-uploads-'));
  let t: TestApp;
  let base: string;
  let pool: pg.Pool;
  let patrol: PatrolFixture;
  let clip: Buffer;
  const startedAt = new Date(Date.now() - 3600_000).toISOString();

  const declaration = (data: Buffer, extra: Record<string, string> = {}) => ({
    filename: 'VID_0001.mp4',
    startedAt,
    durationSeconds: '3',
    sha256: sha256Hex(data),
    ...extra,
  });
  const recordingCount = async () =>
    (
      await pool.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM recordings WHERE device_id = $1`,
        [patrol.deviceId],
      )
    ).rows[0]!.count;
  const uploadFiles = () => fs.readdirSync(t.config.recordings.uploadsDir);

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir, RECORDING_VERIFY_EVERY_MINUTES: 'off' });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    pool = new pg.Pool({ connectionString: t.databaseUrl });
    patrol = await createPatrolFixture(t);
    clip = fs.readFileSync(await bodycamClip());
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes an upload cut off mid-PATCH and indexes it as a recording that verifies and exports', async () => {
    const created = await createUpload(base, patrol.deviceToken, clip.length, declaration(clip));
    expect(created.status).toBe(201);
    const uploadUrl = `${base}${created.headers.location}`;

    const half = Math.floor(clip.length / 2);
    await patchCut(uploadUrl, patrol.deviceToken, 0, clip, half);
    const head = await uploadOffset(uploadUrl, patrol.deviceToken);
    expect(head.status).toBe(200);
    const offset = Number(head.headers['upload-offset']);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(clip.length);
    expect(await recordingCount()).toBe(0);

    const finished = await patch(uploadUrl, patrol.deviceToken, offset, clip.subarray(offset));
    expect(finished.status, finished.body).toBe(204);
    const recordingId = finished.headers['x-recording-id'] as string;
    expect(recordingId).toMatch(/^[0-9a-f-]{36}$/);

    const get = (url: string) => t.app.inject({ url, headers: t.auth('supervisor') });
    const recording = (await get(`/api/recordings/${recordingId}`)).json<RecordingDetail>();
    expect(recording).toMatchObject({
      source: 'upload',
      deviceId: patrol.deviceId,
      officerId: patrol.officerId,
      container: 'mp4',
      videoCodec: 'H264',
      audioCodec: 'aac',
      startedAt,
      segmentCount: 1,
      bytes: clip.length,
      mediaInfo: { width: 320, height: 240, videoCodec: 'H264', audioCodec: 'aac' },
    });
    expect(recording.segments[0]!.sha256).toBe(sha256Hex(clip));
    expect(recording.mediaInfo!.seconds).toBeGreaterThan(2.5);
    expect(recording.chainHead).toBe(recording.segments[0]!.chainHash);
    // Listed beside live recordings of the same time.
    const listed = (await get(`/api/recordings?deviceId=${patrol.deviceId}&from=${startedAt}`)).json<
      { id: string }[]
    >();
    expect(listed.map((r) => r.id)).toContain(recordingId);
    // The bytes served back are the bytes uploaded.
    const file = await get(`/api/recordings/${recordingId}/segments/0/file`);
    expect(file.headers['content-type']).toBe('video/mp4');
    expect(sha256Hex(file.rawPayload)).toBe(sha256Hex(clip));
    // Nothing is left of the upload.
    expect(uploadFiles()).toEqual([]);

    const verified = await t.app.inject({
      method: 'POST',
      url: `/api/recordings/${recordingId}/verify`,
      headers: t.auth('supervisor'),
    });
    expect(verified.json<RecordingVerification>()).toMatchObject({ ok: true, checked: 1 });

    const call = async (method: 'POST' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: t.auth('supervisor'), payload });
    await call('PATCH', `/api/recordings/${recordingId}`, {
      stage: 'inspection',
      purpose: 'Uploaded from the dock',
    });
    const caseId = (await call('POST', '/api/cases', { code: 'UPL-1', title: 'Uploaded' })).json<CaseDetail>()
      .id;
    expect((await call('POST', `/api/cases/${caseId}/recordings`, { recordingId })).statusCode).toBe(200);
    const exported = await call('POST', `/api/cases/${caseId}/export`);
    expect(exported.statusCode).toBe(200);
    const zip = path.join(dataDir, 'upload-case.zip');
    fs.writeFileSync(zip, exported.rawPayload);
    const result = await verifyPackage(zip);
    expect(result.problems).toEqual([]);
    expect(result.segmentsChecked).toBe(1);
  }, 120_000);

  it('refuses the same file uploaded twice', async () => {
    const again = await createUpload(base, patrol.deviceToken, clip.length, declaration(clip));
    expect(again.status).toBe(409);
    expect(again.body).toContain('was uploaded already');
  });

  it('refuses a file whose SHA-256 is not the declared one, and indexes nothing', async () => {
    const before = await recordingCount();
    // The device hashed its file; a byte of it was damaged on the way.
    const onDevice = Buffer.from(clip);
    onDevice[onDevice.length - 200]! ^= 0x01;
    const other = Buffer.from(onDevice);
    other[other.length - 100]! ^= 0xff;
    const created = await createUpload(base, patrol.deviceToken, other.length, declaration(onDevice));
    expect(created.status).toBe(201);
    const uploadUrl = `${base}${created.headers.location}`;
    const finished = await patch(uploadUrl, patrol.deviceToken, 0, other);
    expect(finished.status).toBe(422);
    expect(finished.body).toContain(`The file's SHA-256 is ${sha256Hex(other)}`);
    expect(finished.body).toContain('upload the file again');
    expect(await recordingCount()).toBe(before);
    expect(uploadFiles()).toEqual([]);
    expect((await uploadOffset(uploadUrl, patrol.deviceToken)).status).toBe(404);
  }, 60_000);

  it('refuses a file that is not media with 415, and indexes nothing', async () => {
    const before = await recordingCount();
    const text = Buffer.from('this is a shopping list, not a video\n'.repeat(200));
    const created = await createUpload(base, patrol.deviceToken, text.length, declaration(text));
    const finished = await patch(`${base}${created.headers.location}`, patrol.deviceToken, 0, text);
    expect(finished.status).toBe(415);
    expect(finished.body).toContain('Not a media file');
    expect(await recordingCount()).toBe(before);
    expect(uploadFiles()).toEqual([]);
  }, 60_000);

  it('refuses bad declarations before taking any byte', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ startedAt: new Date(Date.now() + 3600_000).toISOString() }, 422, 'in the future'],
      [{ startedAt: 'yesterday' }, 422, 'startedAt is required'],
      [{ durationSeconds: '0' }, 422, 'durationSeconds'],
      [{ durationSeconds: String(13 * 3600) }, 422, 'longer than 12 hours'],
      [{ sha256: 'abc' }, 422, 'sha256'],
      [{ deviceId: t.device.id }, 422, 'not this device'],
      [{ officerId: '00000000-0000-4000-8000-000000000000' }, 422, 'No officer'],
    ];
    for (const [extra, status, message] of cases) {
      const created = await createUpload(base, patrol.deviceToken, 1000, declaration(clip, extra));
      expect(created.status, JSON.stringify(extra)).toBe(status);
      expect(created.body).toContain(message);
    }
    const tooLarge = await createUpload(base, patrol.deviceToken, 5 * 1024 ** 3, declaration(clip));
    expect(tooLarge.status).toBe(413);
    expect(uploadFiles()).toEqual([]);
  });

  it('keeps uploads to their device and to device tokens', async () => {
    const created = await createUpload(
      base,
      patrol.deviceToken,
      clip.length,
      declaration(clip, { sha256: 'ab'.repeat(32) }),
    );
    expect(created.status).toBe(201);
    const uploadUrl = `${base}${created.headers.location}`;
    expect((await uploadOffset(uploadUrl, t.device.token)).status).toBe(403);
    expect((await uploadOffset(uploadUrl, t.tokens.supervisor)).status).toBe(403);
    const anonymous = await fetch(`${base}/api/uploads`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0' },
    });
    expect(anonymous.status).toBe(401);
  });
});
