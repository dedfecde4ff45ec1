// Replay with a real recording (a werift WHIP publisher fed by ffmpeg, recorded by the real
// recorder), the officer's fixes (an outlier among them) and a task dispatched to the officer:
// one document by officer, device, task or case; who may ask; what is refused; and the audit of
// replays and of segment files served.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, RecordingDetail, RecordingList, Replay, Task } from '@fcc/shared';
import { MEDIA_VIEW_WINDOW_MINUTES } from '../src/modules/recordings/media-access-audit';
import { startPublisher } from './helpers/media-peers';
import { createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { until } from './helpers/polling';
import { signInOfficer } from './helpers/recording-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

describe('replay', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-replay-'));
  let t: TestApp;
  let url: string;
  let patrol: PatrolFixture;
  let otherOfficerId: string;
  let officer: { authorization: string };
  let recording: RecordingDetail;
  let task: Task;
  let from: string;
  let to: string;
  const goodFixTimes: number[] = [];
  let outlierTime: number;

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    headers = t.auth('supervisor'),
    payload?: object,
  ) => t.app.inject({ method, url: path, headers, ...(payload ? { payload } : {}) });
  const ok = async <T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    headers = t.auth('supervisor'),
    payload?: object,
  ) => {
    const response = await call(method, path, headers, payload);
    if (response.statusCode >= 300)
      throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  const replay = (query: string, headers = t.auth('supervisor')) =>
    call('GET', `/api/replay?${query}`, headers);
  const auditRows = async (action: string) =>
    (await ok<AuditEntry[]>('GET', `/api/audit?action=${action}`, t.auth('administrator'))).reverse();

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir, RECORDING_SEGMENT_SECONDS: '2' });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    patrol = await createPatrolFixture(t);
    otherOfficerId = (
      await ok<{ id: string }>('POST', '/api/officers', t.auth('administrator'), {
        badgeNo: 'P-OTHER',
        name: 'Officer Li',
        areaId: patrol.areaA,
      })
    ).id;
    officer = await signInOfficer(t, patrol.officerId, 'officer-wang');

    // A real recording of a few segments from the officer's bodycam.
    const publisher = await startPublisher({
      url: `${url}/api/media/devices/${patrol.deviceId}/whip`,
      token: patrol.deviceToken,
    });
    const streamId = publisher.exchange.streamId!;
    const listed = await until(
      () => ok<RecordingList>('GET', `/api/recordings?deviceId=${patrol.deviceId}`),
      (list) => list.some((found) => found.streamId === streamId),
    );
    const id = listed.find((found) => found.streamId === streamId)!.id;
    await until(
      () => ok<RecordingDetail>('GET', `/api/recordings/${id}`),
      (found) => found.segmentCount >= 3,
      60_000,
    );
    expect(await publisher.stop(url, patrol.deviceToken)).toBe(200);
    recording = await until(
      () => ok<RecordingDetail>('GET', `/api/recordings/${id}`),
      (found) => found.endedAt !== null,
      30_000,
    );

    // Fixes once a second from 10 s before the recording to 10 s after it, walking east, with
    // one outlier kilometres away in the middle.
    const startMs = Math.floor(Date.parse(recording.startedAt) / 1000) * 1000 - 10_000;
    const endMs = Date.parse(recording.endedAt!) + 10_000;
    const fixes = [];
    for (let at = startMs, i = 0; at <= endMs; at += 1000, i++) {
      fixes.push({ fixTime: new Date(at).toISOString(), lat: 40.805, lon: 111.605 + i * 0.00002 });
      goodFixTimes.push(at);
    }
    outlierTime = goodFixTimes[5]! + 500;
    fixes.splice(6, 0, { fixTime: new Date(outlierTime).toISOString(), lat: 40.9, lon: 111.9 });
    await ok('POST', '/api/device/positions', { authorization: `Bearer ${patrol.deviceToken}` }, { fixes });

    // A task dispatched to the officer and acknowledged from the bodycam.
    task = await ok<Task>('POST', '/api/tasks', t.auth('operator'), {
      category: 'street-vending',
      priority: 'high',
      description: 'Stall blocking the pavement',
      location: { lat: 40.805, lon: 111.606 },
    });
    await ok('POST', `/api/tasks/${task.id}/dispatch`, t.auth('operator'), {
      officerIds: [patrol.officerId],
    });
    await ok(
      'POST',
      `/api/device/tasks/${task.id}/acknowledge`,
      { authorization: `Bearer ${patrol.deviceToken}` },
      {},
    );
    // Another officer's task: not part of this officer's replay.
    const other = await ok<Task>('POST', '/api/tasks', t.auth('operator'), {
      category: 'street-vending',
      priority: 'low',
      location: { lat: 40.805, lon: 111.607 },
    });
    await ok('POST', `/api/tasks/${other.id}/dispatch`, t.auth('operator'), { officerIds: [otherOfficerId] });

    from = new Date(startMs - 60_000).toISOString();
    to = new Date(Date.now() + 60_000).toISOString();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('by officer and time range', () => {
    let document: Replay;
    beforeAll(async () => {
      const response = await replay(`officerId=${patrol.officerId}&from=${from}&to=${to}`);
      expect(response.statusCode, response.body).toBe(200);
      document = response.json<Replay>();
    });

    it('has the recording with every segment, playable file URLs and its MIME type', () => {
      expect(document).toMatchObject({ officerId: patrol.officerId, officerName: 'Officer Wang', from, to });
      expect(document.recordings.map((found) => found.id)).toEqual([recording.id]);
      const [replayed] = document.recordings;
      expect(replayed!.mimeType).toBe('video/webm; codecs="vp8,opus"');
      expect(replayed!.segments.map((segment) => [segment.seq, segment.startedAt, segment.endedAt])).toEqual(
        recording.segments.map((segment) => [segment.seq, segment.startedAt, segment.endedAt]),
      );
      expect(replayed!.segments[0]!.url).toBe(recording.segments[0]!.url);
    });

    it('says where there is no video: before and after the recording', () => {
      expect(document.gaps).toEqual([
        { from, to: recording.segments[0]!.startedAt },
        { from: recording.segments.at(-1)!.endedAt, to },
      ]);
    });

    it('has every good fix in time order and leaves the outlier out', () => {
      expect(document.track.fixCount).toBe(goodFixTimes.length);
      expect(document.track.times).toEqual(goodFixTimes);
      expect(document.track.times).not.toContain(outlierTime);
      expect(document.track.coordinates[0]).toEqual([111.605, 40.805]);
      expect(document.track.coordinates.every(([, lat]) => lat === 40.805)).toBe(true);
    });

    it("has the officer's task events in time order, not another officer's", () => {
      expect(document.taskEvents.map((event) => [event.taskCode, event.type])).toEqual([
        [task.code, 'created'],
        [task.code, 'dispatched'],
        [task.code, 'acknowledged'],
      ]);
      expect(document.taskEvents[0]).toMatchObject({
        taskId: task.id,
        category: 'street-vending',
        priority: 'high',
        location: { lat: 40.805, lon: 111.606 },
      });
    });

    it('leaves out segments outside the range', async () => {
      const second = recording.segments[1]!;
      const narrow = (
        await replay(`officerId=${patrol.officerId}&from=${second.startedAt}&to=${second.endedAt}`)
      ).json<Replay>();
      expect(narrow.recordings[0]!.segments.map((segment) => segment.seq)).toEqual([second.seq]);
      expect(narrow.gaps).toEqual([]);
      expect(narrow.taskEvents).toEqual([]);
    });

    it('is written to the audit log as a view, naming the recordings', async () => {
      const rows = await auditRows('replay.viewed');
      expect(rows.find((row) => row.details.from === from)).toMatchObject({
        actor: 'test-supervisor',
        targetType: 'officer',
        targetId: patrol.officerId,
        details: { from, to, recordingIds: [recording.id] },
      });
    });
  });

  it('replays a device: the same recording and track', async () => {
    const response = await replay(`deviceId=${patrol.deviceId}&from=${from}&to=${to}`);
    expect(response.statusCode, response.body).toBe(200);
    const document = response.json<Replay>();
    expect(document).toMatchObject({ deviceId: patrol.deviceId, officerId: null });
    expect(document.recordings.map((found) => found.id)).toEqual([recording.id]);
    expect(document.track.times).toEqual(goodFixTimes);
    expect(document.taskEvents.map((event) => event.type)).toEqual(['created', 'dispatched', 'acknowledged']);
  });

  it('replays a task: its officer, from five minutes before it was created', async () => {
    const response = await replay(`taskId=${task.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const document = response.json<Replay>();
    expect(document).toMatchObject({ officerId: patrol.officerId, taskId: task.id });
    expect(Date.parse(document.from)).toBe(Date.parse(task.createdAt) - 5 * 60_000);
    expect(document.recordings.map((found) => found.id)).toEqual([recording.id]);
  });

  it('replays a case: the officer and time of its recordings', async () => {
    await ok('PATCH', `/api/recordings/${recording.id}`, t.auth('supervisor'), {
      stage: 'inspection',
      purpose: 'The stall and the officer’s warning',
    });
    const created = await ok<{ id: string }>('POST', '/api/cases', t.auth('supervisor'), {
      code: 'REPLAY-1',
      title: 'Street vending',
    });
    await ok('POST', `/api/cases/${created.id}/recordings`, t.auth('supervisor'), {
      recordingId: recording.id,
    });
    const document = (await replay(`caseId=${created.id}`)).json<Replay>();
    expect(document).toMatchObject({ officerId: patrol.officerId, caseId: created.id });
    expect(Date.parse(document.from)).toBe(Date.parse(recording.startedAt) - 5 * 60_000);
    expect(Date.parse(document.to)).toBe(Date.parse(recording.endedAt!) + 5 * 60_000);
    expect(document.recordings.map((found) => found.id)).toEqual([recording.id]);
  });

  describe('who may replay', () => {
    it('lets an officer replay their own time, not another officer’s, nor by device', async () => {
      expect((await replay(`officerId=${patrol.officerId}&from=${from}&to=${to}`, officer)).statusCode).toBe(
        200,
      );
      const other = await replay(`officerId=${otherOfficerId}&from=${from}&to=${to}`, officer);
      expect(other.statusCode).toBe(403);
      expect(other.json<{ message: string }>().message).toMatch(/only their own/);
      expect((await replay(`deviceId=${patrol.deviceId}&from=${from}&to=${to}`, officer)).statusCode).toBe(
        403,
      );
    });

    it('refuses operators', async () => {
      expect(
        (await replay(`officerId=${patrol.officerId}&from=${from}&to=${to}`, t.auth('operator'))).statusCode,
      ).toBe(403);
    });
  });

  describe('bad input', () => {
    const refused = async (query: string, status: number, message: RegExp) => {
      const response = await replay(query);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json<{ message: string }>().message).toMatch(message);
    };
    it('says what is wrong', async () => {
      const o = `officerId=${patrol.officerId}`;
      await refused(`${o}&from=${to}&to=${from}`, 400, /to must be after from/);
      await refused(`${o}&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:01Z`, 400, /at most 24 hours/);
      await refused(
        `officerId=00000000-0000-4000-8000-000000000000&from=${from}&to=${to}`,
        404,
        /No officer/,
      );
      await refused(`deviceId=00000000-0000-4000-8000-000000000000&from=${from}&to=${to}`, 404, /No device/);
      await refused(`taskId=00000000-0000-4000-8000-000000000000`, 404, /No task/);
      await refused(`from=${from}&to=${to}`, 400, /Say whom to replay/);
      await refused(`${o}&from=${from}`, 400, /both from and to/);
      await refused(o, 400, /from and to are required/);
      await refused(`${o}&deviceId=${patrol.deviceId}&from=${from}&to=${to}`, 400, /either a device/);
      await refused(`officerId=nobody&from=${from}&to=${to}`, 400, /officerId/);
      await refused(`${o}&from=yesterday&to=${to}`, 400, /from/);
    });
  });

  describe('the audit of segment files served', () => {
    it('writes one row per viewer and recording for a whole playback, before any bytes, and one per download', async () => {
      const viewedBefore = (await auditRows('recording.media-viewed')).length;
      for (const segment of recording.segments) {
        const response = await call('GET', segment.url);
        expect(response.statusCode).toBe(200);
      }
      const ranged = await t.app.inject({
        url: recording.segments[0]!.url,
        headers: { ...t.auth('supervisor'), range: 'bytes=0-99' },
      });
      expect(ranged.statusCode).toBe(206);
      const viewed = (await auditRows('recording.media-viewed')).slice(viewedBefore);
      expect(viewed).toHaveLength(1);
      expect(viewed[0]).toMatchObject({
        actor: 'test-supervisor',
        targetType: 'recording',
        targetId: recording.id,
        details: { seq: 0, range: null, windowMinutes: MEDIA_VIEW_WINDOW_MINUTES },
      });
      expect(viewed[0]!.ip).toBeTruthy();

      // Another person viewing the same recording gets their own row.
      expect((await call('GET', recording.segments[1]!.url, t.auth('administrator'))).statusCode).toBe(200);
      expect((await auditRows('recording.media-viewed')).slice(viewedBefore)).toHaveLength(2);

      const download = await call('GET', `${recording.segments[2]!.url}?download=true`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toBe(`attachment; filename="${recording.id}-2.webm"`);
      const downloads = await auditRows('recording.media-downloaded');
      expect(downloads.at(-1)).toMatchObject({ targetId: recording.id, details: { seq: 2, range: null } });
    });

    it("shows the recording's audit trail to supervisors, not to operators", async () => {
      const trail = await ok<AuditEntry[]>('GET', `/api/recordings/${recording.id}/audit`);
      const actions = trail.map((entry) => entry.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'recording.described',
          'recording.media-viewed',
          'recording.media-downloaded',
        ]),
      );
      expect(trail.every((entry) => entry.targetId === recording.id)).toBe(true);
      expect(trail.map((entry) => entry.id)).toEqual(
        [...trail.map((entry) => entry.id)].sort((a, b) => a - b),
      );
      expect(
        (await call('GET', `/api/recordings/${recording.id}/audit`, t.auth('operator'))).statusCode,
      ).toBe(403);
      expect(
        (await call('GET', '/api/recordings/00000000-0000-4000-8000-000000000000/audit')).statusCode,
      ).toBe(404);
    });
  });
});
