// Describing recordings: who recorded, the enforcement stage, what it proves, linked tasks, the
// place from the officer's track; who may change what; every edit in the audit log; and the
// "to complete" queue for the officer (own) and the supervisor (all).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording, RecordingList, Task } from '@fcc/shared';
import { CELL_CENTRES, createPatrolFixture, fixAt, type PatrolFixture } from './helpers/patrol-fixture';
import { seedRecording, signInOfficer } from './helpers/recording-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

describe('describing recordings', () => {
  let t: TestApp;
  let pool: pg.Pool;
  let patrol: PatrolFixture;
  let officer: { authorization: string };
  let task: Task;
  let own: string;
  let unassigned: string;
  const startedAt = new Date(Date.now() - 10 * 60_000);

  const patch = (id: string, headers: { authorization: string }, payload: object) =>
    t.app.inject({ method: 'PATCH', url: `/api/recordings/${id}`, headers, payload });
  const queue = async (headers: { authorization: string }) => {
    const response = await t.app.inject({ url: '/api/recordings/to-complete', headers });
    expect(response.statusCode).toBe(200);
    return response.json<RecordingList>();
  };

  beforeAll(async () => {
    t = await createTestApp({ RECORDING_RETENTION_CHECK_MINUTES: 'off' });
    pool = new pg.Pool({ connectionString: t.databaseUrl });
    patrol = await createPatrolFixture(t);
    officer = await signInOfficer(t, patrol.officerId, 'officer-wang');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: t.auth('operator'),
      payload: {
        category: 'street-vending',
        priority: 'normal',
        description: 'Stall',
        location: CELL_CENTRES.a1,
      },
    });
    expect(created.statusCode).toBe(201);
    task = created.json<Task>();
    // The officer's track around the recording: in A-1 just before it starts, then moving east into A-2.
    const fixes = [-30, 5, 12, 60].map((seconds, index) =>
      fixAt(index < 2 ? 'a1' : 'a2', new Date(startedAt.getTime() + seconds * 1000)),
    );
    const stored = await t.app.inject({
      method: 'POST',
      url: '/api/device/positions',
      headers: { authorization: `Bearer ${patrol.deviceToken}` },
      payload: { fixes },
    });
    expect(stored.json()).toMatchObject({ stored: 4 });
    own = (
      await seedRecording(t, pool, { deviceId: patrol.deviceId, officerId: patrol.officerId, startedAt })
    ).id;
    unassigned = (await seedRecording(t, pool, { deviceId: t.device.id, officerId: null, startedAt })).id;
  });
  afterAll(async () => {
    await pool?.end();
    await t?.close();
  });

  it('places a recording from the officer track at its start, and says what is missing', async () => {
    const recording = await t.app.inject({ url: `/api/recordings/${own}`, headers: officer });
    expect(recording.statusCode).toBe(200);
    expect(recording.json<Recording>()).toMatchObject({
      officerId: patrol.officerId,
      place: {
        lat: 40.805,
        lon: 111.605,
        gridCellCode: 'A-1',
        fixTime: new Date(startedAt.getTime() + 5000).toISOString(),
      },
      missing: ['stage', 'purpose'],
      taskIds: [],
      caseId: null,
      marked: false,
    });
    const other = await t.app.inject({ url: `/api/recordings/${unassigned}`, headers: t.auth('supervisor') });
    expect(other.json<Recording>()).toMatchObject({ place: null, missing: ['recorder', 'stage', 'purpose'] });
  });

  it('queues recordings to complete: the officer their own, the supervisor everyone', async () => {
    expect((await queue(officer)).map((recording) => recording.id)).toEqual([own]);
    expect((await queue(t.auth('supervisor'))).map((recording) => recording.id).sort()).toEqual(
      [own, unassigned].sort(),
    );
    const forbidden = await t.app.inject({ url: '/api/recordings/to-complete', headers: t.auth('operator') });
    expect(forbidden.statusCode).toBe(403);
  });

  it('lists the newest recordings to complete first, so a limited page holds the latest', async () => {
    const newer = await seedRecording(t, pool, {
      deviceId: t.device.id,
      officerId: null,
      startedAt: new Date(startedAt.getTime() + 60_000),
    });
    const response = await t.app.inject({
      url: '/api/recordings/to-complete?limit=1',
      headers: t.auth('supervisor'),
    });
    expect(response.json<RecordingList>().map((recording) => recording.id)).toEqual([newer.id]);
    expect((await queue(t.auth('supervisor')))[0]!.id).toBe(newer.id);
  });

  it('refuses edits from other officers and operators, unknown tasks and stages, and an empty edit', async () => {
    expect((await patch(own, t.auth('officer'), { stage: 'inspection' })).statusCode).toBe(403);
    expect((await patch(own, t.auth('operator'), { stage: 'inspection' })).statusCode).toBe(403);
    const unknownTask = await patch(own, officer, { taskIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownTask.statusCode).toBe(422);
    expect(unknownTask.json().message).toContain('No such task');
    expect((await patch(own, officer, { stage: 'patrol' })).statusCode).toBe(400);
    expect((await patch(own, officer, { purpose: '   ' })).statusCode).toBe(400);
    expect((await patch(own, officer, {})).statusCode).toBe(400);
    expect((await patch(unassigned, officer, { stage: 'other' })).statusCode).toBe(403);
  });

  it('lets the officer describe their recording, which leaves the queue; the edit is audited', async () => {
    const described = await patch(own, officer, {
      stage: 'investigation',
      purpose: '  Unlicensed stall on Xinhua Road; the vendor refuses to move  ',
      taskIds: [task.id],
    });
    expect(described.statusCode).toBe(200);
    expect(described.json<Recording>()).toMatchObject({
      stage: 'investigation',
      purpose: 'Unlicensed stall on Xinhua Road; the vendor refuses to move',
      taskIds: [task.id],
      missing: [],
    });
    expect(described.json<Recording>().describedAt).not.toBeNull();
    expect(await queue(officer)).toEqual([]);
    const audit = await t.app.inject({
      url: '/api/audit?action=recording.described',
      headers: t.auth('supervisor'),
    });
    expect(audit.json()).toContainEqual(
      expect.objectContaining({
        actor: 'officer-wang',
        targetId: own,
        details: {
          before: { stage: null, purpose: null, taskIds: [] },
          after: {
            stage: 'investigation',
            purpose: 'Unlicensed stall on Xinhua Road; the vendor refuses to move',
            taskIds: [task.id],
          },
        },
      }),
    );
  });

  it('lets the officer mark a recording important but only a supervisor unmark it', async () => {
    expect((await patch(own, officer, { marked: true })).json<Recording>().marked).toBe(true);
    const unmark = await patch(own, officer, { marked: false });
    expect(unmark.statusCode).toBe(403);
    expect(unmark.json().message).toContain('supervisor');
    expect((await patch(own, t.auth('supervisor'), { marked: false })).json<Recording>().marked).toBe(false);
  });

  it('lets a supervisor name who recorded when nobody was, once', async () => {
    expect((await patch(unassigned, officer, { officerId: patrol.officerId })).statusCode).toBe(403);
    const named = await patch(unassigned, t.auth('supervisor'), { officerId: patrol.officerId });
    expect(named.statusCode).toBe(200);
    expect(named.json<Recording>().missing).toEqual(['stage', 'purpose']);
    const again = await patch(unassigned, t.auth('supervisor'), {
      officerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('cannot be changed');
  });
});
