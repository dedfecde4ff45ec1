// Statistics against real data: tasks taken through the loop by the API (their event times then
// moved to known moments), a track sent through the ingest path with GPS noise, an outlier and
// poor fixes, and overlapping shifts; the figures are checked by hand-computed values.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerStatistics, TaskStatistics } from '@fcc/shared';
import { haversineMetres } from '../src/modules/tracks/distance';
import { seededRandom } from '../src/lib/seeded-random';
import { createPatrolFixture, CELL_CENTRES, type PatrolFixture } from './helpers/patrol-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

const FROM = '2026-03-01T00:00:00+08:00';
const TO = '2026-03-04T00:00:00+08:00';
const RANGE = `from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`;
const METRES_PER_DEGREE_LAT = 111_195;
const METRES_PER_DEGREE_LON = 0.0000119; // degrees per metre at lat 40.8

let test: TestApp;
let fixture: PatrolFixture;
let client: pg.Client;
let otherOfficerId: string;
/** What the fixes sent add up to when summed raw, fix to fix (good fixes only). */
let rawSumMetres = 0;
let ignoredFixes = 0;

type Who = 'administrator' | 'operator' | 'supervisor' | 'device';

async function call<T>(method: 'GET' | 'POST', url: string, who: Who, payload?: object) {
  const response = await test.app.inject({
    method,
    url,
    headers: who === 'device' ? { authorization: `Bearer ${fixture.deviceToken}` } : test.auth(who),
    ...(payload ? { payload } : {}),
  });
  return {
    status: response.statusCode,
    body: response.body,
    headers: response.headers,
    json: () => response.json<T>(),
  };
}

async function must<T>(method: 'GET' | 'POST', url: string, who: Who, payload?: object): Promise<T> {
  const response = await call<T>(method, url, who, payload);
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${response.body}`);
  return response.status === 204 ? (undefined as T) : response.json();
}

interface TaskPlan {
  cell: keyof typeof CELL_CENTRES;
  category: string;
  createdAt: string;
  /** Seconds after creation; undefined: the step never happened. */
  ack?: number;
  arrive?: number;
  close?: number;
  cancel?: number;
  slaSeconds: number;
}

// Expected, by hand: acknowledge [60, 120, 30], arrive [300, 600], close [1200, 3600];
// T2 closed after its SLA, T3 is still open past its SLA, T4 was cancelled (never a breach).
const PLANS: TaskPlan[] = [
  {
    cell: 'a1',
    category: 'street-vending',
    createdAt: '2026-03-01T10:00:00+08:00',
    ack: 60,
    arrive: 300,
    close: 1200,
    slaSeconds: 1800,
  },
  {
    cell: 'a2',
    category: 'street-vending',
    createdAt: '2026-03-01T11:00:00+08:00',
    ack: 120,
    arrive: 600,
    close: 3600,
    slaSeconds: 1800,
  },
  { cell: 'b1', category: 'noise', createdAt: '2026-03-02T09:00:00+08:00', ack: 30, slaSeconds: 600 },
  { cell: 'b1', category: 'noise', createdAt: '2026-03-02T23:30:00+08:00', cancel: 100, slaSeconds: 600 },
  // Outside the range: counted nowhere.
  { cell: 'a1', category: 'noise', createdAt: '2026-03-05T10:00:00+08:00', ack: 10, slaSeconds: 600 },
];

async function runTask(plan: TaskPlan): Promise<void> {
  const task = await must<{ id: string }>('POST', '/api/tasks', 'operator', {
    category: plan.category,
    priority: 'normal',
    description: 'statistics test',
    location: CELL_CENTRES[plan.cell],
  });
  await must('POST', `/api/tasks/${task.id}/dispatch`, 'operator', { officerIds: [fixture.officerId] });
  if (plan.ack !== undefined) await must('POST', `/api/device/tasks/${task.id}/acknowledge`, 'device', {});
  if (plan.arrive !== undefined) await must('POST', `/api/device/tasks/${task.id}/arrive`, 'device', {});
  if (plan.close !== undefined) {
    await must('POST', `/api/device/tasks/${task.id}/resolve`, 'device', { note: 'done' });
    await must('POST', `/api/tasks/${task.id}/close`, 'operator', {});
  }
  if (plan.cancel !== undefined)
    await must('POST', `/api/tasks/${task.id}/cancel`, 'operator', { reason: 'twice' });

  // The loop ran just now; move it to the planned moments.
  const offsets: Record<string, number> = { created: 0, dispatched: 5, reassigned: 5 };
  if (plan.ack !== undefined) offsets.acknowledged = plan.ack;
  if (plan.arrive !== undefined) offsets.arrived = plan.arrive;
  if (plan.close !== undefined) Object.assign(offsets, { resolved: plan.close - 60, closed: plan.close });
  if (plan.cancel !== undefined) offsets.cancelled = plan.cancel;
  const closedAfter = plan.close ?? plan.cancel ?? null;
  await client.query(
    `UPDATE tasks SET created_at = $2::timestamptz, sla_due_at = $2::timestamptz + make_interval(secs => $3),
            sla_breached_at = NULL, closed_at = CASE WHEN $4::float8 IS NULL THEN NULL ELSE $2::timestamptz + make_interval(secs => $4) END
     WHERE id = $1`,
    [task.id, plan.createdAt, plan.slaSeconds, closedAfter],
  );
  await client.query(
    `UPDATE task_events SET at = $2::timestamptz + make_interval(secs => coalesce(($3::jsonb ->> type)::float8, 1))
     WHERE task_id = $1`,
    [task.id, plan.createdAt, JSON.stringify(offsets)],
  );
  await client.query(
    `UPDATE task_assignments SET assigned_at = $2::timestamptz + interval '5 seconds' WHERE task_id = $1`,
    [task.id, plan.createdAt],
  );
}

/**
 * Ten minutes standing at A-1's centre, then ten minutes walking east at 1.5 m/s (900 m), a fix a
 * second with up to ±3 m of noise on each axis; among them poor fixes (accuracy 150 m, 40 m
 * off) and one outlier 5 km away, both of which must be left out.
 */
function patrolFixes() {
  const random = seededRandom(7, 'statistics-track');
  const start = Date.parse('2026-03-01T09:00:00+08:00');
  const fixes: Array<{ fixTime: string; lat: number; lon: number; accuracy: number }> = [];
  let previous: { lat: number; lon: number } | null = null;
  for (let second = 0; second < 1200; second += 1) {
    const east = second < 600 ? 0 : (second - 600) * 1.5;
    const noiseEast = random.between(-3, 3);
    const noiseNorth = random.between(-3, 3);
    const fixTime = new Date(start + second * 1000).toISOString();
    if (second % 97 === 50) {
      fixes.push({
        fixTime,
        lat: CELL_CENTRES.a1.lat + 40 / METRES_PER_DEGREE_LAT,
        lon: CELL_CENTRES.a1.lon,
        accuracy: 150,
      });
      ignoredFixes += 1;
      continue;
    }
    if (second === 900) {
      fixes.push({ fixTime, lat: CELL_CENTRES.a1.lat + 0.045, lon: CELL_CENTRES.a1.lon, accuracy: 5 });
      ignoredFixes += 1;
      continue;
    }
    const fix = {
      fixTime,
      lat: CELL_CENTRES.a1.lat + noiseNorth / METRES_PER_DEGREE_LAT,
      lon: CELL_CENTRES.a1.lon + (east + noiseEast) * METRES_PER_DEGREE_LON,
      accuracy: 5,
    };
    if (previous) rawSumMetres += haversineMetres(previous.lat, previous.lon, fix.lat, fix.lon);
    previous = fix;
    fixes.push(fix);
  }
  return fixes;
}

beforeAll(async () => {
  test = await createTestApp();
  fixture = await createPatrolFixture(test, 'BC-STATS-1');
  client = new pg.Client({ connectionString: test.databaseUrl });
  await client.connect();
  otherOfficerId = (
    await must<{ id: string }>('POST', '/api/officers', 'administrator', {
      badgeNo: 'P-STATS-2',
      name: 'Officer Li',
      areaId: fixture.areaB,
    })
  ).id;

  for (const plan of PLANS) await runTask(plan);

  const fixes = patrolFixes();
  for (let i = 0; i < fixes.length; i += 500) {
    const ack = await must<{ stored: number; outliers: number }>('POST', '/api/device/positions', 'device', {
      fixes: fixes.slice(i, i + 500),
    });
    expect(ack.stored).toBe(Math.min(500, fixes.length - i));
  }

  // 08:00–16:00 and 14:00–18:00 overlap: 10 h on duty, not 12; 20:00 on the last day to 08:00
  // the next is cut at the end of the range: 4 h.
  for (const [startsAt, endsAt] of [
    ['2026-03-01T08:00:00+08:00', '2026-03-01T16:00:00+08:00'],
    ['2026-03-01T14:00:00+08:00', '2026-03-01T18:00:00+08:00'],
    ['2026-03-03T20:00:00+08:00', '2026-03-04T08:00:00+08:00'],
  ]) {
    await must('POST', `/api/officers/${fixture.officerId}/shifts`, 'operator', { startsAt, endsAt });
  }
}, 120_000);

afterAll(async () => {
  await client?.end();
  await test?.close();
});

describe('task statistics', () => {
  it('counts tasks per day and per area, in the bureau time zone, days without tasks included', async () => {
    const stats = await must<TaskStatistics>('GET', `/api/statistics/tasks?${RANGE}`, 'supervisor');
    expect(stats.totals).toEqual({ tasks: 4, closed: 2, cancelled: 1, withSla: 4, slaBreaches: 2 });
    expect(stats.perDay).toEqual([
      { day: '2026-03-01', tasks: 2, closed: 2, slaBreaches: 1 },
      // 23:30 in Shanghai is still the 2nd there (15:30 UTC).
      { day: '2026-03-02', tasks: 2, closed: 0, slaBreaches: 1 },
      { day: '2026-03-03', tasks: 0, closed: 0, slaBreaches: 0 },
    ]);
    expect(stats.perArea).toEqual([
      { areaId: fixture.areaA, areaName: 'Area A', tasks: 2, closed: 2, slaBreaches: 1 },
      { areaId: fixture.areaB, areaName: 'Area B', tasks: 2, closed: 0, slaBreaches: 1 },
    ]);
  });

  it('gives the time to acknowledge, arrive and close as percentiles and histogram buckets', async () => {
    const { durations } = await must<TaskStatistics>(
      'GET',
      `/api/statistics/tasks?${RANGE}`,
      'administrator',
    );
    expect(durations.toAcknowledge).toMatchObject({ count: 3, p50: 60, p90: 108, max: 120 });
    expect(durations.toArrive).toMatchObject({ count: 2, p50: 450, p90: 570, max: 600 });
    expect(durations.toClose).toMatchObject({ count: 2, p50: 2400, p90: 3360, max: 3600 });
    const counts = (kind: keyof typeof durations) =>
      Object.fromEntries(
        durations[kind].buckets.filter((b) => b.count > 0).map((b) => [b.fromSeconds, b.count]),
      );
    expect(counts('toAcknowledge')).toEqual({ 0: 1, 60: 1, 120: 1 });
    expect(counts('toArrive')).toEqual({ 300: 1, 600: 1 });
    expect(counts('toClose')).toEqual({ 900: 1, 3600: 1 });
    expect(durations.toClose.buckets).toHaveLength(11);
    expect(durations.toClose.buckets.at(-1)).toEqual({ fromSeconds: 28800, toSeconds: null, count: 0 });
  });

  it('lists SLA breaches per category and area', async () => {
    const { slaBreaches } = await must<TaskStatistics>('GET', `/api/statistics/tasks?${RANGE}`, 'supervisor');
    expect(slaBreaches).toEqual([
      expect.objectContaining({
        category: 'noise',
        areaId: fixture.areaB,
        withSla: 2,
        breaches: 1,
        breachRate: 0.5,
      }),
      expect.objectContaining({
        category: 'street-vending',
        areaId: fixture.areaA,
        withSla: 2,
        breaches: 1,
        breachRate: 0.5,
      }),
    ]);
  });

  it('narrows to one area', async () => {
    const stats = await must<TaskStatistics>(
      'GET',
      `/api/statistics/tasks?${RANGE}&areaId=${fixture.areaA}`,
      'supervisor',
    );
    expect(stats.totals.tasks).toBe(2);
    expect(stats.perArea.map((row) => row.areaId)).toEqual([fixture.areaA]);
    expect(stats.durations.toAcknowledge.count).toBe(2);
    expect(stats.slaBreaches.map((row) => row.category)).toEqual(['street-vending']);
  });

  it('answers CSV with a byte-order mark and a header row, rows as in the JSON', async () => {
    const json = await must<TaskStatistics>('GET', `/api/statistics/tasks?${RANGE}`, 'supervisor');
    const csv = await call('GET', `/api/statistics/tasks?${RANGE}&format=csv&table=per-day`, 'supervisor');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="tasks-per-day-2026-03-01_2026-03-03.csv"',
    );
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.body.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('日期 day,任务数 tasks,已办结 closed,超时 SLA breaches');
    expect(lines.slice(1)).toEqual(
      json.perDay.map((d) => `${d.day},${d.tasks},${d.closed},${d.slaBreaches}`),
    );

    const byAccept = await test.app.inject({
      method: 'GET',
      url: `/api/statistics/tasks?${RANGE}&table=per-area`,
      headers: { ...test.auth('supervisor'), accept: 'text/csv' },
    });
    expect(byAccept.body.slice(1).split('\r\n').slice(1, 3)).toEqual([
      `Area A,${fixture.areaA},2,2,1`,
      `Area B,${fixture.areaB},2,0,1`,
    ]);
    const durations = await call(
      'GET',
      `/api/statistics/tasks?${RANGE}&format=csv&table=durations`,
      'supervisor',
    );
    expect(durations.body.split('\r\n')).toContain('签收 to acknowledge,60,120,1,60,108');
  });

  it('refuses a bad range, a bad area and a bad format with a message', async () => {
    const cases: Array<[string, number, RegExp]> = [
      [`from=${encodeURIComponent(TO)}&to=${encodeURIComponent(FROM)}`, 400, /to must be after from/],
      ['from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z', 400, /at most 366 days/],
      ['from=yesterday&to=2026-03-01T00:00:00Z', 400, /from/],
      [`${RANGE}&areaId=not-a-uuid`, 400, /areaId/],
      [`${RANGE}&areaId=00000000-0000-4000-8000-000000000000`, 404, /No grid area/],
      [`${RANGE}&format=xlsx`, 400, /format/],
      [`${RANGE}&table=everything`, 400, /table/],
    ];
    for (const [query, status, message] of cases) {
      const response = await call<{ message: string }>('GET', `/api/statistics/tasks?${query}`, 'supervisor');
      expect({ query, status: response.status }).toEqual({ query, status });
      expect(response.json().message).toMatch(message);
    }
  });
});

describe('officer statistics', () => {
  it('measures the distance walked without counting GPS jitter, outliers or poor fixes', async () => {
    const stats = await must<OfficerStatistics>('GET', `/api/statistics/officers?${RANGE}`, 'supervisor');
    const wang = stats.officers.find((row) => row.officerId === fixture.officerId)!;
    // The raw sum of the same good fixes is inflated several times by the noise.
    expect(rawSumMetres).toBeGreaterThan(2500);
    expect(wang.distanceMetres).toBeGreaterThan(850);
    expect(wang.distanceMetres).toBeLessThan(930);
    expect(wang.fixesIgnored).toBe(ignoredFixes);
    expect(wang.fixesUsed).toBe(1200 - ignoredFixes);
    expect(stats.method.maxAccuracyMetres).toBe(50);
  });

  it('counts time on duty from shifts, overlaps once, cut at the range', async () => {
    const stats = await must<OfficerStatistics>('GET', `/api/statistics/officers?${RANGE}`, 'administrator');
    const wang = stats.officers.find((row) => row.officerId === fixture.officerId)!;
    expect(wang.onDutySeconds).toBe(14 * 3600);
    expect(wang.tasksAssigned).toBe(4);
    const li = stats.officers.find((row) => row.officerId === otherOfficerId)!;
    expect(li).toMatchObject({ distanceMetres: 0, onDutySeconds: 0, tasksAssigned: 0, areaName: 'Area B' });
  });

  it('narrows to the officers of one area, and answers CSV', async () => {
    const stats = await must<OfficerStatistics>(
      'GET',
      `/api/statistics/officers?${RANGE}&areaId=${fixture.areaB}`,
      'supervisor',
    );
    expect(stats.officers.map((row) => row.name)).toEqual(['Officer Li']);
    const csv = await call('GET', `/api/statistics/officers?${RANGE}&format=csv`, 'supervisor');
    const json = await must<OfficerStatistics>('GET', `/api/statistics/officers?${RANGE}`, 'supervisor');
    const lines = csv.body.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^警号 badge,姓名 name,/);
    expect(lines).toHaveLength(json.officers.length + 1);
    const wang = json.officers.find((row) => row.officerId === fixture.officerId)!;
    expect(lines).toContain(
      `${wang.badgeNo},${wang.name},Area A,${wang.distanceMetres},${wang.onDutySeconds},4,${wang.fixesUsed},${wang.fixesIgnored}`,
    );
  });
});

describe('the roster', () => {
  it('lists shifts in a range and ends the one under way', async () => {
    const shifts = await must<Array<{ id: string; officerName: string }>>(
      'GET',
      `/api/shifts?${RANGE}&officerId=${fixture.officerId}`,
      'operator',
    );
    expect(shifts).toHaveLength(3);
    expect(shifts[0]!.officerName).toBe('Officer Wang');

    const now = Date.now();
    const current = await must<{ id: string }>('POST', `/api/officers/${otherOfficerId}/shifts`, 'operator', {
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 3600_000).toISOString(),
    });
    const onDuty = async () =>
      (await must<Array<{ officerId: string }>>('GET', '/api/duty', 'operator')).map((o) => o.officerId);
    expect(await onDuty()).toContain(otherOfficerId);
    expect((await call('POST', `/api/shifts/${current.id}/end`, 'operator')).status).toBe(204);
    expect(await onDuty()).not.toContain(otherOfficerId);
    const again = await call<{ message: string }>('POST', `/api/shifts/${current.id}/end`, 'operator');
    expect(again.status).toBe(409);
    expect(again.json().message).toMatch(/already ended/);
    expect((await call('POST', `/api/shifts/${shifts[0]!.id}/end`, 'operator')).status).toBe(409);
    expect(
      (await call('POST', '/api/shifts/00000000-0000-4000-8000-000000000000/end', 'operator')).status,
    ).toBe(404);
    expect(
      (
        await call(
          'GET',
          `/api/shifts?from=${encodeURIComponent(TO)}&to=${encodeURIComponent(FROM)}`,
          'operator',
        )
      ).status,
    ).toBe(400);
  });
});
