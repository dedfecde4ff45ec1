// Cases (one case, one file) and retention: a case groups tasks and recordings; a recording joins
// only once it says what it proves, and only one case; the retention job deletes the media of
// expired recordings only when nothing keeps them (marked, in a case, a held case's task, the
// grace period), and logs each deletion. Recording times are moved months into the past.
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, Recording, RetentionRun, Task } from '@fcc/shared';
import { CELL_CENTRES, createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { seedRecording, signInOfficer, type SeededRecording } from './helpers/recording-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

const DAY_MS = 86_400_000;

describe('cases and retention', () => {
  let t: TestApp;
  let pool: pg.Pool;
  let patrol: PatrolFixture;
  let officer: { authorization: string };

  const call = async <T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    headers = t.auth('supervisor'),
  ) => {
    const response = await t.app.inject({ method, url, headers, payload });
    return { status: response.statusCode, body: response.json<T>() };
  };
  const newTask = async () =>
    (
      await call<Task>(
        'POST',
        '/api/tasks',
        { category: 'street-vending', priority: 'normal', location: CELL_CENTRES.a1 },
        t.auth('operator'),
      )
    ).body;
  const record = (daysAgo: number) =>
    seedRecording(t, pool, {
      deviceId: patrol.deviceId,
      officerId: patrol.officerId,
      startedAt: new Date(Date.now() - daysAgo * DAY_MS),
    });
  const describeRecording = (id: string, payload: object) =>
    call<Recording>('PATCH', `/api/recordings/${id}`, payload);
  const auditOf = async (action: string) =>
    (
      await call<{ targetId: string; details: Record<string, unknown> }[]>(
        'GET',
        `/api/audit?action=${action}`,
      )
    ).body;

  beforeAll(async () => {
    t = await createTestApp({
      RECORDING_RETENTION_DAYS: '183',
      RECORDING_RETENTION_GRACE_DAYS: '7',
      RECORDING_RETENTION_CHECK_MINUTES: 'off',
    });
    pool = new pg.Pool({ connectionString: t.databaseUrl });
    patrol = await createPatrolFixture(t);
    officer = await signInOfficer(t, patrol.officerId, 'officer-li');
  });
  afterAll(async () => {
    await pool?.end();
    await t?.close();
  });

  describe('a case file', () => {
    let caseId: string;
    let task: Task;
    let recording: SeededRecording;

    beforeAll(async () => {
      const created = await call<CaseDetail>('POST', '/api/cases', {
        code: 'XZCF-2026-0113',
        title: 'Unlicensed street vending, Xinhua Road',
        description: 'Repeated obstruction of the pavement',
      });
      expect(created.status).toBe(201);
      caseId = created.body.id;
      task = await newTask();
      recording = await record(1);
    });

    it('opens a case once per code, for supervisors and administrators only', async () => {
      expect((await call('POST', '/api/cases', { code: 'XZCF-2026-0113', title: 'again' })).status).toBe(409);
      expect((await call('POST', '/api/cases', { code: ' bad code', title: 'x' })).status).toBe(400);
      expect((await call('POST', '/api/cases', { code: 'X-1', title: 'x' }, officer)).status).toBe(403);
      expect((await call('GET', '/api/cases', undefined, t.auth('operator'))).status).toBe(403);
      const list = await call<{ code: string }[]>('GET', '/api/cases', undefined, t.auth('administrator'));
      expect(list.body.map((found) => found.code)).toContain('XZCF-2026-0113');
    });

    it('attaches tasks', async () => {
      const attached = await call<CaseDetail>('POST', `/api/cases/${caseId}/tasks`, { taskId: task.id });
      expect(attached.status).toBe(200);
      expect(attached.body.tasks).toEqual([
        expect.objectContaining({ id: task.id, code: task.code, state: task.state }),
      ]);
      const again = await call<CaseDetail>('POST', `/api/cases/${caseId}/tasks`, { taskId: task.id });
      expect(again.body.taskCount).toBe(1);
      expect(
        (await call('POST', `/api/cases/${caseId}/tasks`, { taskId: '00000000-0000-4000-8000-000000000000' }))
          .status,
      ).toBe(422);
    });

    it('refuses a recording that does not say what it proves, naming the fix', async () => {
      const refused = await call<{ message: string }>('POST', `/api/cases/${caseId}/recordings`, {
        recordingId: recording.id,
      });
      expect(refused.status).toBe(422);
      expect(refused.body.message).toContain('does not say what it proves');
      expect(refused.body.message).toContain(`PATCH /api/recordings/${recording.id}`);
      expect((await call<CaseDetail>('GET', `/api/cases/${caseId}`)).body.recordings).toEqual([]);
    });

    it('attaches a described recording to one case only, and lists the whole file', async () => {
      await describeRecording(recording.id, {
        stage: 'investigation',
        purpose: 'The vendor refuses to move the stall',
        taskIds: [task.id],
      });
      const attached = await call<CaseDetail>('POST', `/api/cases/${caseId}/recordings`, {
        recordingId: recording.id,
      });
      expect(attached.status).toBe(200);
      expect(attached.body).toMatchObject({
        code: 'XZCF-2026-0113',
        taskCount: 1,
        recordingCount: 1,
        tasks: [{ id: task.id }],
        recordings: [
          { id: recording.id, caseId, purpose: 'The vendor refuses to move the stall', taskIds: [task.id] },
        ],
      });
      const other = await call<CaseDetail>('POST', '/api/cases', {
        code: 'XZCF-2026-0114',
        title: 'Another matter',
      });
      const twice = await call<{ message: string }>('POST', `/api/cases/${other.body.id}/recordings`, {
        recordingId: recording.id,
      });
      expect(twice.status).toBe(409);
      expect(twice.body.message).toContain('already in case XZCF-2026-0113');
    });

    it("keeps a recording in a case file from its officer's edits", async () => {
      const edit = await call<{ message: string }>(
        'PATCH',
        `/api/recordings/${recording.id}`,
        { purpose: 'something else' },
        officer,
      );
      expect(edit.status).toBe(409);
      expect(edit.body.message).toContain('case file');
    });

    it('writes the case, its attachments and its legal hold to the audit log', async () => {
      const held = await call<CaseDetail>('PUT', `/api/cases/${caseId}/legal-hold`, {
        legalHold: true,
        reason: 'Hearing on 2026-12-10',
      });
      expect(held.body).toMatchObject({ legalHold: true, legalHoldReason: 'Hearing on 2026-12-10' });
      expect((await auditOf('case.created')).map((entry) => entry.targetId)).toContain(caseId);
      expect(await auditOf('case.task-attached')).toContainEqual(
        expect.objectContaining({ targetId: caseId, details: { code: 'XZCF-2026-0113', taskId: task.id } }),
      );
      expect(await auditOf('case.recording-attached')).toContainEqual(
        expect.objectContaining({
          targetId: caseId,
          details: expect.objectContaining({ recordingId: recording.id }),
        }),
      );
      expect(await auditOf('case.legal-hold-set')).toContainEqual(
        expect.objectContaining({ targetId: caseId }),
      );
    });
  });

  describe('retention (183 days kept, 7 days grace)', () => {
    const seeded: Record<string, SeededRecording> = {};
    let heldCaseId: string;
    let run: RetentionRun;

    beforeAll(async () => {
      seeded.expired = await record(200);
      seeded.marked = await record(200);
      seeded.inCase = await record(200);
      seeded.heldTask = await record(200);
      seeded.inGrace = await record(186);
      seeded.recent = await record(20);
      await describeRecording(seeded.marked.id, { marked: true });
      const kept = await call<CaseDetail>('POST', '/api/cases', { code: 'RET-1', title: 'Kept' });
      await describeRecording(seeded.inCase.id, { purpose: 'Evidence of the hearing notice served' });
      await call('POST', `/api/cases/${kept.body.id}/recordings`, { recordingId: seeded.inCase.id });
      const task = await newTask();
      await describeRecording(seeded.heldTask.id, { taskIds: [task.id] });
      heldCaseId = (await call<CaseDetail>('POST', '/api/cases', { code: 'RET-2', title: 'Held' })).body.id;
      await call('POST', `/api/cases/${heldCaseId}/tasks`, { taskId: task.id });
      await call('PUT', `/api/cases/${heldCaseId}/legal-hold`, { legalHold: true });
      run = (
        await call<RetentionRun>('POST', '/api/recordings/retention/run', undefined, t.auth('administrator'))
      ).body;
    });

    it('deletes only the expired recording that nothing keeps, files and all, and keeps its index', async () => {
      expect(run.deleted.map((entry) => entry.recordingId)).toEqual([seeded.expired!.id]);
      expect(run.deleted[0]).toMatchObject({ segments: 2, officerId: patrol.officerId });
      for (const file of seeded.expired!.files) expect(fs.existsSync(file)).toBe(false);
      for (const name of ['marked', 'inCase', 'heldTask', 'inGrace', 'recent'])
        for (const file of seeded[name]!.files) expect(fs.existsSync(file), name).toBe(true);
      const gone = await call<Recording & { segments: unknown[] }>(
        'GET',
        `/api/recordings/${seeded.expired!.id}`,
      );
      expect(gone.body.mediaDeletedAt).not.toBeNull();
      expect(gone.body.segments).toHaveLength(2);
      const file = await call<{ message: string }>(
        'GET',
        `/api/recordings/${seeded.expired!.id}/segments/0/file`,
      );
      expect(file.status).toBe(404);
      expect(file.body.message).toContain('deleted by retention');
    });

    it('logs what it deleted in the audit log', async () => {
      const entries = await auditOf('recording.media-deleted');
      expect(entries).toEqual([
        expect.objectContaining({
          targetId: seeded.expired!.id,
          details: expect.objectContaining({
            segments: 2,
            reason: expect.stringContaining('183 days kept + 7 days grace'),
          }),
        }),
      ]);
    });

    it('deletes the recording of a held case task once the hold is released, and nothing else', async () => {
      expect(
        (await call('POST', '/api/recordings/retention/run', undefined, t.auth('supervisor'))).status,
      ).toBe(403);
      await call('PUT', `/api/cases/${heldCaseId}/legal-hold`, { legalHold: false });
      const next = (
        await call<RetentionRun>('POST', '/api/recordings/retention/run', undefined, t.auth('administrator'))
      ).body;
      expect(next.deleted.map((entry) => entry.recordingId)).toEqual([seeded.heldTask!.id]);
    });

    it('refuses to attach or describe a recording whose media is gone', async () => {
      const attach = await call<{ message: string }>('POST', `/api/cases/${heldCaseId}/recordings`, {
        recordingId: seeded.expired!.id,
      });
      expect(attach.status).toBe(409);
      const edit = await describeRecording(seeded.expired!.id, { purpose: 'late' });
      expect(edit.status).toBe(409);
    });
  });
});
