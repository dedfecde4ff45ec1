// Evidence export with a real recording (a WHIP publisher fed by ffmpeg, recorded at ingest) and
// a second one made in the test: the case is exported as a zip, checked with the documented
// command (`npm run verify -- package.zip`), and fails that check, naming the file, once one byte
// of a media file inside the zip is flipped. A recording whose stored file was altered is refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, EvidenceKey, RecordingDetail, Task } from '@fcc/shared';
import type { Manifest } from '../src/modules/cases/evidence-package';
import { startPublisher } from './helpers/media-peers';
import { CELL_CENTRES, createPatrolFixture, fixAt, type PatrolFixture } from './helpers/patrol-fixture';
import { seedRecording, type SeededRecording } from './helpers/recording-fixture';
import { entries, npmVerify, readEntry } from './helpers/evidence-zip';
import { createTestApp, type TestApp } from './helpers/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
describe('evidence export', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-evidence-'));
  const packageFile = path.join(dataDir, 'package.zip');
  let t: TestApp;
  let pool: pg.Pool;
  let patrol: PatrolFixture;
  let task: Task;
  let live: RecordingDetail;
  let seeded: SeededRecording;
  let caseId: string;
  let fixCount: number;

  const call = async <T>(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const response = await t.app.inject({ method, url, headers: t.auth('supervisor'), payload });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };

  beforeAll(async () => {
    t = await createTestApp({
      DATA_DIR: dataDir,
      RECORDING_SEGMENT_SECONDS: '2',
      RECORDING_RETENTION_CHECK_MINUTES: 'off',
    });
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    pool = new pg.Pool({ connectionString: t.databaseUrl });
    patrol = await createPatrolFixture(t);
    // The officer walks east through A-1 during the recording, a fix every 2 s.
    const now = Date.now();
    const fixes = Array.from({ length: 40 }, (_, i) => fixAt('a1', new Date(now - 20_000 + i * 2000), i * 5));
    fixCount = fixes.length;
    await t.app.inject({
      method: 'POST',
      url: '/api/device/positions',
      headers: { authorization: `Bearer ${patrol.deviceToken}` },
      payload: { fixes },
    });
    task = (
      await t.app.inject({
        method: 'POST',
        url: '/api/tasks',
        headers: t.auth('operator'),
        payload: { category: 'street-vending', priority: 'normal', location: CELL_CENTRES.a1 },
      })
    ).json<Task>();

    const publisher = await startPublisher({
      url: `${url}/api/media/devices/${patrol.deviceId}/whip`,
      token: patrol.deviceToken,
    });
    const streamId = publisher.exchange.streamId!;
    let recordingId: string | undefined;
    for (let i = 0; i < 100 && !recordingId; i++) {
      await sleep(200);
      recordingId = (
        await call<{ id: string; streamId: string }[]>('GET', `/api/recordings?deviceId=${patrol.deviceId}`)
      ).find((recording) => recording.streamId === streamId)?.id;
    }
    for (
      let i = 0;
      i < 100 && (await call<RecordingDetail>('GET', `/api/recordings/${recordingId}`)).segmentCount < 2;
      i++
    )
      await sleep(200);
    await publisher.stop(url, patrol.deviceToken);
    for (let i = 0; i < 100; i++) {
      live = await call<RecordingDetail>('GET', `/api/recordings/${recordingId}`);
      if (live.endedAt) break;
      await sleep(200);
    }
    expect(live.endedAt).not.toBeNull();
    seeded = await seedRecording(t, pool, {
      deviceId: patrol.deviceId,
      officerId: patrol.officerId,
      startedAt: new Date(now - 15 * 60_000),
    });

    for (const id of [live.id, seeded.id])
      await call('PATCH', `/api/recordings/${id}`, {
        stage: 'investigation',
        purpose: 'The stall blocks the pavement',
        taskIds: [task.id],
      });
    caseId = (
      await call<CaseDetail>('POST', '/api/cases', { code: 'XZCF-2026-0200', title: 'Stall on Xinhua Road' })
    ).id;
    await call('POST', `/api/cases/${caseId}/tasks`, { taskId: task.id });
    for (const id of [live.id, seeded.id])
      await call('POST', `/api/cases/${caseId}/recordings`, { recordingId: id });

    const exported = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/export`,
      headers: t.auth('supervisor'),
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('application/zip');
    expect(exported.headers['content-disposition']).toMatch(
      /^attachment; filename="evidence-XZCF-2026-0200-.*\.zip"$/,
    );
    fs.writeFileSync(packageFile, exported.rawPayload);
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('packs the media, the track over each recording, the task timeline and a manifest with the chains', async () => {
    const names = [...(await entries(packageFile)).keys()];
    expect(names).toEqual(
      expect.arrayContaining([
        `recordings/${live.id}/track.gpx`,
        `recordings/${live.id}/track.geojson`,
        `recordings/${live.id}/recording.json`,
        `tasks/${task.code}.json`,
        'case.json',
        'manifest.json',
        'manifest.sig',
        'public-key.pem',
      ]),
    );
    const manifest = JSON.parse((await readEntry(packageFile, 'manifest.json')).toString()) as Manifest;
    const recorded = manifest.recordings.find((recording) => recording.id === live.id)!;
    expect(recorded.chainHead).toBe(live.chainHead);
    expect(recorded.segments).toHaveLength(live.segments.length);
    for (const segment of recorded.segments) expect(names).toContain(segment.file);
    expect(recorded.segments.map((segment) => [segment.sha256, segment.chainHash])).toEqual(
      live.segments.map((segment) => [segment.sha256, segment.chainHash]),
    );
    expect(recorded).toMatchObject({
      purpose: 'The stall blocks the pavement',
      stage: 'investigation',
      taskIds: [task.id],
    });
    const gpx = (await readEntry(packageFile, `recordings/${live.id}/track.gpx`)).toString();
    expect(gpx.match(/<trkpt /g)?.length).toBeGreaterThan(5);
    expect(gpx.match(/<trkpt /g)!.length).toBeLessThanOrEqual(fixCount);
    const geojson = JSON.parse(
      (await readEntry(packageFile, `recordings/${live.id}/track.geojson`)).toString(),
    );
    expect(geojson.features[0].geometry.coordinates.length).toBe(gpx.match(/<trkpt /g)!.length);
    const timeline = JSON.parse((await readEntry(packageFile, `tasks/${task.code}.json`)).toString());
    expect(timeline.events.map((event: { type: string }) => event.type)).toContain('created');
  });

  it('verifies offline with npm run verify, against the published key', async () => {
    const key = await t.app.inject({ url: '/api/evidence/public-key' });
    expect(key.statusCode).toBe(200);
    const { fingerprint } = key.json<EvidenceKey>();
    const result = await npmVerify(packageFile, '--fingerprint', fingerprint);
    expect(result.output).toContain('VERIFIED');
    expect(result.output).toContain(fingerprint);
    expect(result.code).toBe(0);
    const wrongKey = await npmVerify(packageFile, '--fingerprint', '00'.repeat(32));
    expect(wrongKey.code).toBe(1);
  }, 60_000);

  it('fails verification naming the media file in which one byte was flipped', async () => {
    const all = await entries(packageFile);
    const [name, where] = [...all.entries()].find(
      ([entry]) => entry.startsWith(`recordings/${live.id}/`) && entry.endsWith('.webm'),
    )!;
    expect(where.method).toBe(0); // stored: the byte flipped is a media byte
    const tampered = path.join(dataDir, 'tampered.zip');
    const raw = fs.readFileSync(packageFile);
    raw[where.dataOffset + Math.floor(where.size / 2)]! ^= 0x01;
    fs.writeFileSync(tampered, raw);
    const result = await npmVerify(tampered);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`FAIL ${name}: altered`);
    expect(result.output).toContain('NOT VERIFIED: 1 problem(s)');
  }, 60_000);

  it('writes the export to the audit log', async () => {
    const audit = await call<{ targetId: string; details: Record<string, unknown> }[]>(
      'GET',
      '/api/audit?action=case.exported',
    );
    expect(audit).toEqual([
      expect.objectContaining({
        targetId: caseId,
        details: expect.objectContaining({
          code: 'XZCF-2026-0200',
          recordings: expect.arrayContaining([live.id, seeded.id]),
        }),
      }),
    ]);
  });

  it('refuses to export a recording whose stored file no longer matches its hash, naming it', async () => {
    const original = fs.readFileSync(seeded.files[1]!);
    const altered = Buffer.from(original);
    altered[0]! ^= 0xff;
    fs.writeFileSync(seeded.files[1]!, altered);
    try {
      const refused = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/export`,
        headers: t.auth('supervisor'),
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().message).toContain(`Recording ${seeded.id} fails verification`);
    } finally {
      fs.writeFileSync(seeded.files[1]!, original);
    }
  });
});
