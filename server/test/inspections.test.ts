// Inspections against a real PostGIS: the target registry and its labels, the random spot check
// (reproducible from its seed, tamper-evident on verification, dispatched as tasks), and the QR
// check-in checked against the officer's position, recorded on the task's timeline either way.
import type {
  CheckInResult,
  InspectionTarget,
  SpotCheckDraw,
  SpotCheckVerification,
  TaskDetail,
} from '@fcc/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELL_CENTRES, createPatrolFixture, fixAt, type PatrolFixture } from './helpers/patrol-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

let test: TestApp;
let sql: pg.Pool;
let patrol: PatrolFixture; // Officer Wang, area A
const inspectors: Record<string, { officerId: string; token: string }> = {};

beforeAll(async () => {
  test = await createTestApp({ CHECK_IN_TOLERANCE_METRES: '100' });
  sql = new pg.Pool({ connectionString: test.databaseUrl });
  patrol = await createPatrolFixture(test);
  inspectors.wang = { officerId: patrol.officerId, token: patrol.deviceToken };
  inspectors.li = await officerWithDevice('P-LI', 'Officer Li', patrol.areaB);
  inspectors.zhao = await officerWithDevice('P-ZHAO', 'Officer Zhao', patrol.areaB);
});
afterAll(async () => {
  await sql.end();
  await test.close();
});

async function call<T = unknown>(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  as: Parameters<TestApp['auth']>[0] | { token: string },
  payload?: Record<string, unknown>,
): Promise<{ status: number; body: T; type: string | undefined; text: string }> {
  const headers = typeof as === 'string' ? test.auth(as) : { authorization: `Bearer ${as.token}` };
  const response = await test.app.inject({ method, url, headers, payload });
  const type = response.headers['content-type']?.toString();
  const body = (type?.startsWith('application/json') ? response.json<T>() : undefined) as T;
  return { status: response.statusCode, body, type, text: response.body };
}

async function officerWithDevice(badgeNo: string, name: string, areaId: string) {
  const officer = await call<{ id: string }>('POST', '/api/officers', 'administrator', {
    badgeNo,
    name,
    areaId,
  });
  const device = await call<{ id: string }>('POST', '/api/devices', 'administrator', {
    kind: 'phone',
    name: `Phone ${name}`,
    uniqueId: `PH-${badgeNo}`,
    officerId: officer.body.id,
  });
  const token = await call<{ token: string }>(
    'POST',
    `/api/devices/${device.body.id}/token`,
    'administrator',
  );
  return { officerId: officer.body.id, token: token.body.token };
}

async function registerTarget(name: string, location: { lat: number; lon: number }, category = 'restaurant') {
  const created = await call<InspectionTarget>('POST', '/api/inspection-targets', 'operator', {
    name,
    category,
    address: `${name} street 1`,
    location,
  });
  expect(created.status, created.text).toBe(201);
  return created.body;
}

async function qrTextOf(targetId: string): Promise<string> {
  // What the printed label's QR code says (the label itself is an image).
  const { rows } = await sql.query<{ token: string }>(
    'SELECT qr_token AS token FROM inspection_targets WHERE id = $1',
    [targetId],
  );
  return `FCC-CHECKIN:${rows[0]!.token}`;
}

const timeline = async (taskId: string) =>
  (await call<TaskDetail>('GET', `/api/tasks/${taskId}`, 'supervisor')).body.events;

describe('the inspection-target registry', () => {
  it('places a target in its grid cell and area, and never shows its check-in code', async () => {
    const target = await registerTarget('Golden Dragon Restaurant', CELL_CENTRES.a2);
    expect(target).toMatchObject({
      name: 'Golden Dragon Restaurant',
      category: 'restaurant',
      gridCellCode: 'A-2',
      areaId: patrol.areaA,
      active: true,
    });
    expect(target.location.lat).toBeCloseTo(CELL_CENTRES.a2.lat, 6);
    const listed = await call<InspectionTarget[]>(
      'GET',
      `/api/inspection-targets?areaId=${patrol.areaA}`,
      'supervisor',
    );
    expect(listed.body.map((t) => t.id)).toContain(target.id);
    const code = await qrTextOf(target.id);
    expect(listed.text).not.toContain(code.slice('FCC-CHECKIN:'.length));
  });

  it('prints a label as SVG with the name and address', async () => {
    const target = await registerTarget('Label Test Shop <&>', CELL_CENTRES.b1, 'shop');
    const label = await call('GET', `/api/inspection-targets/${target.id}/label.svg`, 'operator');
    expect(label.status).toBe(200);
    expect(label.type).toContain('image/svg+xml');
    expect(label.text).toMatch(/^<svg /);
    expect(label.text).toContain('Label Test Shop &#60;&#38;&#62;');
    expect(label.text).toContain('Label Test Shop &#60;&#38;&#62; street 1');
  });

  it('refuses bad input with 400 and unknown targets with 404, and retires a target', async () => {
    const bad = await call<{ message: string }>('POST', '/api/inspection-targets', 'operator', {
      name: 'Nowhere',
      category: 'restaurant',
      location: { lat: 95, lon: 111 },
    });
    expect(bad.status).toBe(400);
    const badCategory = await call('POST', '/api/inspection-targets', 'operator', {
      name: 'Shouting Category',
      category: 'Not A Slug!',
      location: CELL_CENTRES.a1,
    });
    expect(badCategory.status).toBe(400);
    const missing = await call<{ message: string }>(
      'PATCH',
      '/api/inspection-targets/00000000-0000-4000-8000-000000000000',
      'operator',
      { active: false },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('No inspection target');
    const target = await registerTarget('Closed Down Karaoke', CELL_CENTRES.a1, 'karaoke');
    const retired = await call<InspectionTarget>(
      'PATCH',
      `/api/inspection-targets/${target.id}`,
      'operator',
      {
        active: false,
      },
    );
    expect(retired.body.active).toBe(false);
  });
});

describe('the random spot check', () => {
  let targets: InspectionTarget[];
  beforeAll(async () => {
    targets = [
      await registerTarget('Market Stall 1', { lat: 40.803, lon: 111.603 }, 'market'),
      await registerTarget('Market Stall 2', { lat: 40.807, lon: 111.613 }, 'market'),
      await registerTarget('Market Stall 3', { lat: 40.806, lon: 111.624 }, 'market'),
      await registerTarget('Market Stall 4', { lat: 40.804, lon: 111.626 }, 'market'),
    ];
  });
  const drawCount = async () =>
    Number((await sql.query('SELECT count(*) FROM spot_check_draws')).rows[0].count);

  it('draws from a seed, records the draw, and dispatches one inspection task per target', async () => {
    const rules = { targetCategory: 'market', targets: 3, inspectorsPerTarget: 1, excludeOwnArea: true };
    const drawn = await call<SpotCheckDraw>('POST', '/api/spot-checks', 'supervisor', {
      seed: 'county-2026-11-market',
      rules,
    });
    expect(drawn.status, drawn.text).toBe(201);
    const draw = drawn.body;
    expect(draw).toMatchObject({ seed: 'county-2026-11-market', createdBy: 'test-supervisor' });
    expect(draw.pools.targets.map((t) => t.id).sort()).toEqual(targets.map((t) => t.id).sort());
    expect(draw.assignments).toHaveLength(3);

    const areaOf = new Map(targets.map((t) => [t.id, t.areaId]));
    const ownArea = new Map([
      [inspectors.wang!.officerId, patrol.areaA],
      [inspectors.li!.officerId, patrol.areaB],
      [inspectors.zhao!.officerId, patrol.areaB],
    ]);
    for (const assignment of draw.assignments) {
      expect(assignment.officerIds).toHaveLength(1);
      expect(ownArea.get(assignment.officerIds[0]!)).not.toBe(areaOf.get(assignment.targetId));
      const task = (await call<TaskDetail>('GET', `/api/tasks/${assignment.taskId}`, 'operator')).body;
      expect(task).toMatchObject({
        source: 'spot-check',
        category: 'inspection',
        state: 'dispatched',
        inspectionTargetId: assignment.targetId,
      });
      expect(task.assignees.map((a) => a.officerId)).toEqual(assignment.officerIds);
      expect(task.events.map((e) => [e.type, e.actor])).toEqual([
        ['created', 'test-supervisor'],
        ['dispatched', 'test-supervisor'],
      ]);
    }

    const verified = await call<SpotCheckVerification>(
      'GET',
      `/api/spot-checks/${draw.id}/verify`,
      'supervisor',
    );
    expect(verified.body.reproduced).toBe(true);
    const published = await call<SpotCheckDraw[]>('GET', '/api/spot-checks', 'supervisor');
    expect(published.body[0]!.id).toBe(draw.id);

    // The same seed over the same pools gives the same targets and inspectors.
    const again = await call<SpotCheckDraw>('POST', '/api/spot-checks', 'supervisor', {
      seed: 'county-2026-11-market',
      rules,
    });
    const pairs = (d: SpotCheckDraw) =>
      d.assignments.map(({ targetId, officerIds }) => ({ targetId, officerIds }));
    expect(pairs(again.body)).toEqual(pairs(draw));
  });

  it('detects an altered record on verification', async () => {
    const drawn = await call<SpotCheckDraw>('POST', '/api/spot-checks', 'administrator', {
      rules: { targetCategory: 'market', targets: 2, inspectorsPerTarget: 1, excludeOwnArea: false },
    });
    expect(drawn.body.seed).toMatch(/^[0-9a-f]{32}$/); // a fresh seed, recorded
    const sent = drawn.body.assignments[0]!.officerIds[0];
    const other = Object.values(inspectors).find((i) => i.officerId !== sent)!.officerId;
    await sql.query(
      `UPDATE spot_check_draws
       SET result = jsonb_set(result, '{assignments,0,officerIds}', jsonb_build_array($2::text)) WHERE id = $1`,
      [drawn.body.id, other],
    );
    const verified = await call<SpotCheckVerification>(
      'GET',
      `/api/spot-checks/${drawn.body.id}/verify`,
      'supervisor',
    );
    expect(verified.body.reproduced).toBe(false);
    expect(verified.body.message).toContain('altered');
  });

  it('refuses with 422 when too few targets or inspectors qualify, recording nothing', async () => {
    const before = await drawCount();
    const tooMany = await call<{ message: string }>('POST', '/api/spot-checks', 'supervisor', {
      rules: { targetCategory: 'market', targets: 9 },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.message).toBe('Only 4 inspection targets match the rules; cannot draw 9.');
    const tooFew = await call<{ message: string }>('POST', '/api/spot-checks', 'supervisor', {
      rules: { targetCategory: 'market', targets: 4, inspectorsPerTarget: 3, excludeOwnArea: true },
    });
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.message).toMatch(/eligible inspectors for Market Stall \d/);
    const unknownField = await call('POST', '/api/spot-checks', 'supervisor', {
      rules: { targets: 1, everyone: true },
    });
    expect(unknownField.status).toBe(400);
    expect(await drawCount()).toBe(before);
  });
});

describe('QR check-in', () => {
  it('accepts a scan at the target and refuses one from afar, both on the timeline', async () => {
    const target = await registerTarget('Riverside Hotpot', CELL_CENTRES.b1);
    const drawn = await call<SpotCheckDraw>('POST', '/api/spot-checks', 'supervisor', {
      rules: { targetCategory: 'restaurant', areaIds: [patrol.areaB], targets: 1, inspectorsPerTarget: 1 },
      seed: 'hotpot',
    });
    expect(drawn.status, drawn.text).toBe(201);
    const { taskId, officerIds } = drawn.body.assignments[0]!;
    expect(officerIds).toEqual([inspectors.wang!.officerId]); // area B's officers are excluded
    const device = { token: inspectors.wang!.token };
    const qr = await qrTextOf(target.id);

    const far = await call<{ message: string }>('POST', '/api/device/check-in', device, {
      qr,
      location: { lat: CELL_CENTRES.b1.lat, lon: CELL_CENTRES.b1.lon - 0.01 }, // ~840 m west
    });
    expect(far.status).toBe(422);
    expect(far.body.message).toMatch(
      /^You are 8\d\d m from Riverside Hotpot; a check-in counts within 100 m\./,
    );

    const near = await call<CheckInResult>('POST', '/api/device/check-in', device, {
      qr,
      location: { lat: CELL_CENTRES.b1.lat + 0.0002, lon: CELL_CENTRES.b1.lon, accuracy: 8 }, // ~22 m north
    });
    expect(near.status, near.text).toBe(200);
    expect(near.body).toMatchObject({ taskId, targetId: target.id, toleranceMetres: 100 });
    expect(near.body.distanceMetres).toBeGreaterThan(15);
    expect(near.body.distanceMetres).toBeLessThan(30);

    const events = await timeline(taskId!);
    expect(events.map((e) => [e.type, e.actor, e.toState])).toEqual([
      ['created', 'test-supervisor', 'created'],
      ['dispatched', 'test-supervisor', 'dispatched'],
      ['check-in-refused', `device:${patrol.deviceUniqueId}`, 'dispatched'],
      ['checked-in', `device:${patrol.deviceUniqueId}`, 'dispatched'],
    ]);
    expect(events[3]!.data).toMatchObject({
      targetName: 'Riverside Hotpot',
      positionSource: 'scan',
      accuracyMetres: 8,
    });
  });

  it('uses the last fix when the scan carries no position, and refuses a stale one', async () => {
    const target = await registerTarget('Night Market Grill', CELL_CENTRES.a1);
    const drawn = await call<SpotCheckDraw>('POST', '/api/spot-checks', 'operator', {
      rules: { targetCategory: 'restaurant', areaIds: [patrol.areaA], targets: 2, inspectorsPerTarget: 2 },
    });
    const assignment = drawn.body.assignments.find((a) => a.targetId === target.id)!;
    const inspector = Object.values(inspectors).find((i) => i.officerId === assignment.officerIds[0])!;
    const qr = await qrTextOf(target.id);
    const report = (fixTime: Date) =>
      call(
        'POST',
        '/api/device/positions',
        { token: inspector.token },
        { fixes: [fixAt('a1', fixTime, 30)] },
      );

    await report(new Date(Date.now() - 3_600_000));
    const stale = await call<{ message: string }>(
      'POST',
      '/api/device/check-in',
      { token: inspector.token },
      { qr },
    );
    expect(stale.status).toBe(422);
    expect(stale.body.message).toMatch(/No recent position/);

    await report(new Date(Date.now() - 2000));
    const accepted = await call<CheckInResult>(
      'POST',
      '/api/device/check-in',
      { token: inspector.token },
      { qr },
    );
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.distanceMetres).toBeGreaterThan(20);
    expect(accepted.body.distanceMetres).toBeLessThan(40);
    expect((await timeline(assignment.taskId!)).at(-1)).toMatchObject({
      type: 'checked-in',
      data: { positionSource: 'last-fix' },
    });
  });

  it('says what is wrong with a code that is not ours, unknown, or for someone else’s task', async () => {
    const device = { token: inspectors.zhao!.token };
    const junk = await call<{ message: string }>('POST', '/api/device/check-in', device, {
      qr: 'https://example.com/menu',
      location: CELL_CENTRES.a1,
    });
    expect(junk.status).toBe(400);
    expect(junk.body.message).toBe('This QR code is not an inspection check-in code.');
    const unknown = await call('POST', '/api/device/check-in', device, {
      qr: `FCC-CHECKIN:ck_${'A'.repeat(22)}`,
      location: CELL_CENTRES.a1,
    });
    expect(unknown.status).toBe(404);
    const target = await registerTarget('Nobody Sent Here', CELL_CENTRES.a2, 'warehouse');
    const notYours = await call<{ message: string }>('POST', '/api/device/check-in', device, {
      qr: await qrTextOf(target.id),
      location: CELL_CENTRES.a2,
    });
    expect(notYours.status).toBe(409);
    expect(notYours.body.message).toBe(
      'You have no open task at Nobody Sent Here; the command centre must send you one before you check in.',
    );
    const userToken = await call('POST', '/api/device/check-in', 'operator', { qr: 'x'.repeat(10) });
    expect(userToken.status).toBe(403);
  });
});
