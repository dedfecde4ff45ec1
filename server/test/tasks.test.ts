// The task loop through the API and sockets against a real PostGIS: creation with the grid cell
// resolved, recommendations, dispatch to the officer's device, the officer's steps, 409s for
// steps out of order, races, escalation and SLA timers, and the closed-loop timings.
import type {
  Alert,
  DeviceServerEvents,
  Recommendation,
  Task,
  TaskCategory,
  TaskChange,
  TaskDetail,
} from '@fcc/shared';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELL_CENTRES, createPatrolFixture, fixAt, type PatrolFixture } from './helpers/patrol-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';
import { untilDefined } from './helpers/polling';

let test: TestApp;
let patrol: PatrolFixture;
let colleague: PatrolFixture; // a second officer, in area B
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  test = await createTestApp({
    TASK_ACK_TIMEOUT_SECONDS: '1',
    TASK_TIMER_CHECK_MS: '100',
    SLA_URGENT_MINUTES: '10',
  });
  patrol = await createPatrolFixture(test);
  colleague = await secondOfficer();
  for (const officer of [patrol, colleague]) await putOnDuty(officer.officerId);
  await report(patrol.deviceToken, fixAt('a1', new Date(Date.now() - 5000)));
  await report(colleague.deviceToken, fixAt('b1', new Date(Date.now() - 5000)));
  url = await test.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  sockets.forEach((socket) => socket.disconnect());
  await test.close();
});

async function call<T = unknown>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  as: Parameters<TestApp['auth']>[0] | { token: string },
  payload?: Record<string, unknown>,
): Promise<{ status: number; body: T }> {
  const headers = typeof as === 'string' ? test.auth(as) : { authorization: `Bearer ${as.token}` };
  const response = await test.app.inject({ method, url: path, headers, payload });
  return { status: response.statusCode, body: (response.body ? response.json<T>() : undefined) as T };
}

async function secondOfficer(): Promise<PatrolFixture> {
  const officer = await call<{ id: string }>('POST', '/api/officers', 'administrator', {
    badgeNo: 'P-2',
    name: 'Officer Li',
    areaId: patrol.areaB,
  });
  const device = await call<{ id: string }>('POST', '/api/devices', 'administrator', {
    kind: 'phone',
    name: 'Phone Li',
    uniqueId: 'PH-LI',
    officerId: officer.body.id,
  });
  const token = await call<{ token: string }>(
    'POST',
    `/api/devices/${device.body.id}/token`,
    'administrator',
  );
  return { ...patrol, officerId: officer.body.id, deviceId: device.body.id, deviceToken: token.body.token };
}

async function putOnDuty(officerId: string) {
  expect(
    (await call('PATCH', `/api/officers/${officerId}`, 'administrator', { status: 'available' })).status,
  ).toBe(200);
  const shift = await call('POST', `/api/officers/${officerId}/shifts`, 'operator', {
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
  });
  expect(shift.status).toBe(201);
}

async function report(token: string, fix: ReturnType<typeof fixAt>) {
  expect((await call('POST', '/api/device/positions', { token }, { fixes: [fix] })).status).toBe(200);
}

async function newTask(
  location: { lat: number; lon: number } = CELL_CENTRES.a2,
  extra: Record<string, unknown> = {},
): Promise<Task> {
  const created = await call<Task>('POST', '/api/tasks', 'operator', {
    category: 'street-vending',
    priority: 'urgent',
    description: 'Stall blocking the pavement',
    location,
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body;
}

const step = (
  task: Task,
  action: string,
  as: Parameters<typeof call>[2],
  payload: Record<string, unknown> = {},
) => call<Task>('POST', `/api/tasks/${task.id}/${action}`, as, payload);
const deviceStep = (task: Task, action: string, token: string, payload: Record<string, unknown> = {}) =>
  call<Task>('POST', `/api/device/tasks/${task.id}/${action}`, { token }, payload);

function deviceSocket(token: string) {
  const socket: Socket<DeviceServerEvents> = connect(`${url}/device`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  const received: { open: Task[][]; changes: TaskChange[] } = { open: [], changes: [] };
  socket.on('tasks', (tasks) => received.open.push(tasks));
  socket.on('task', (change) => received.changes.push(change));
  return { socket, received };
}

describe('creating tasks', () => {
  it('resolves the grid cell and area from the location and sets the SLA', async () => {
    const task = await newTask();
    expect(task).toMatchObject({
      state: 'created',
      source: 'operator',
      gridCellId: patrol.cells.a2,
      gridCellCode: 'A-2',
      areaId: patrol.areaA,
      outsideManagedArea: false,
    });
    expect(task.code).toMatch(/^T\d{8}-\d{5}$/);
    expect(task.slaSecondsRemaining).toBeGreaterThan(9 * 60);
    expect(task.slaSecondsRemaining).toBeLessThanOrEqual(10 * 60);
  });

  it('flags a location outside every cell and suggests the nearest area', async () => {
    const task = await newTask({ lat: 40.805, lon: 111.64 }); // east of B-1
    expect(task).toMatchObject({ outsideManagedArea: true, gridCellId: null, nearestAreaId: patrol.areaB });
  });

  it('refuses an unknown category and bad coordinates with a message, creating nothing', async () => {
    const before = (await call<Task[]>('GET', '/api/tasks', 'operator')).body.length;
    const unknown = await call<{ message: string }>('POST', '/api/tasks', 'operator', {
      category: 'no-such-thing',
      priority: 'normal',
      location: CELL_CENTRES.a1,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('Unknown task category "no-such-thing"');
    const badPoint = await call('POST', '/api/tasks', 'operator', {
      category: 'noise',
      priority: 'normal',
      location: { lat: 95, lon: 111 },
    });
    expect(badPoint.status).toBe(400);
    expect((await call<Task[]>('GET', '/api/tasks', 'operator')).body.length).toBe(before);
  });

  it('takes a report from a source system once per external id', async () => {
    const body = {
      externalId: 'HOT-123',
      category: 'noise',
      description: 'Loud music',
      location: CELL_CENTRES.b1,
    };
    const first = await call<Task>('POST', '/api/reports', 'operator', body);
    const again = await call<Task>('POST', '/api/reports', 'operator', body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({
      source: 'report',
      sourceRef: 'hotline:HOT-123',
      areaId: patrol.areaB,
    });
  });
});

describe('recommendations', () => {
  it('puts the officer responsible for the area first, then the nearest, with distance and fix age', async () => {
    const task = await newTask();
    const { body } = await call<Recommendation[]>('GET', `/api/tasks/${task.id}/recommendations`, 'operator');
    expect(body.map((r) => r.officerId)).toEqual([patrol.officerId, colleague.officerId]);
    expect(body[0]).toMatchObject({ responsible: true });
    expect(body[0]!.distanceMetres).toBeGreaterThan(700); // A-1 centre to A-2 centre ≈ 843 m
    expect(body[0]!.distanceMetres).toBeLessThan(1000);
    expect(body[0]!.lastFixAgeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('leaves out officers off duty or with a stale fix', async () => {
    await call('PATCH', `/api/officers/${colleague.officerId}`, 'administrator', { status: 'off_duty' });
    const task = await newTask();
    const { body } = await call<Recommendation[]>('GET', `/api/tasks/${task.id}/recommendations`, 'operator');
    expect(body.map((r) => r.officerId)).toEqual([patrol.officerId]);
    await call('PATCH', `/api/officers/${colleague.officerId}`, 'administrator', { status: 'available' });
  });

  it('counts an officer of another area as responsible for a cell assigned to them', async () => {
    const task = await newTask(); // in A-2; the colleague belongs to area B
    const recommend = async () =>
      (await call<Recommendation[]>('GET', `/api/tasks/${task.id}/recommendations`, 'operator')).body;
    expect((await recommend()).find((r) => r.officerId === colleague.officerId)).toMatchObject({
      responsible: false,
    });
    const assigned = await call('PUT', `/api/officers/${colleague.officerId}/cells`, 'operator', {
      cellIds: [patrol.cells.a2],
    });
    expect(assigned.status).toBe(204);
    expect((await recommend()).map((r) => [r.officerId, r.responsible])).toEqual(
      expect.arrayContaining([
        [patrol.officerId, true],
        [colleague.officerId, true],
      ]),
    );
    await call('PUT', `/api/officers/${colleague.officerId}/cells`, 'operator', { cellIds: [] });
  });
});

describe('task categories', () => {
  it('shows the SLA in force per priority and lets an administrator set a category’s own', async () => {
    const categories = await call<TaskCategory[]>('GET', '/api/task-categories', 'officer');
    expect(categories.body.find((c) => c.code === 'noise')).toMatchObject({
      autoDispatch: false,
      slaMinutes: { urgent: 10, high: 30, normal: 120, low: 480 },
      ownSlaMinutes: {},
    });
    const changed = await call<TaskCategory>('PATCH', '/api/task-categories/noise', 'administrator', {
      slaMinutes: { urgent: 5, low: 240 },
    });
    expect(changed.body).toMatchObject({
      slaMinutes: { urgent: 5, high: 30, normal: 120, low: 240 },
      ownSlaMinutes: { urgent: 5, low: 240 },
    });
    const task = await newTask(CELL_CENTRES.a1, { category: 'noise' });
    expect(task.slaSecondsRemaining).toBeLessThanOrEqual(5 * 60);
    const reset = await call<TaskCategory>('PATCH', '/api/task-categories/noise', 'administrator', {
      slaMinutes: { urgent: null },
    });
    expect(reset.body.ownSlaMinutes).toEqual({ low: 240 });
    const unknown = await call<{ message: string }>('PATCH', '/api/task-categories/nope', 'administrator', {
      autoDispatch: true,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('known categories');
    const empty = await call('PATCH', '/api/task-categories/noise', 'administrator', {});
    expect(empty.status).toBe(400);
    await step(task, 'cancel', 'operator', { reason: 'cleanup' });
  });

  it('dispatches a new task of an auto-dispatch category to the first recommended officer', async () => {
    const on = await call('PATCH', '/api/task-categories/illegal-parking', 'administrator', {
      autoDispatch: true,
    });
    expect(on.status).toBe(200);
    try {
      const created = await newTask(CELL_CENTRES.a2, { category: 'illegal-parking' });
      const detail = await untilDefined(async () => {
        const read = (await call<TaskDetail>('GET', `/api/tasks/${created.id}`, 'operator')).body;
        return read.state === 'dispatched' ? read : undefined;
      }, 'the automatic dispatch');
      expect(detail.assignees.map((a) => a.officerId)).toEqual([patrol.officerId]);
      expect(detail.events.map((e) => [e.type, e.actor])).toEqual([
        ['created', 'test-operator'],
        ['dispatched', 'system'],
      ]);
      expect(detail.events[1]!.data).toMatchObject({ note: 'auto-dispatch' });
      await step(created, 'cancel', 'operator', { reason: 'cleanup' });
    } finally {
      await call('PATCH', '/api/task-categories/illegal-parking', 'administrator', { autoDispatch: false });
    }
  });
});

describe('the closed loop', () => {
  it('walks created → closed with one event per step, each naming who did it, and the timings', async () => {
    const device = deviceSocket(patrol.deviceToken);
    await untilDefined(() => device.received.open[0], 'open tasks on connect');
    const task = await newTask();

    expect((await step(task, 'dispatch', 'operator', { officerIds: [patrol.officerId] })).body.state).toBe(
      'dispatched',
    );
    const pushed = await untilDefined(
      () => device.received.changes.find((c) => c.task.id === task.id && c.event.type === 'dispatched'),
      'the dispatch on the officer’s device',
    );
    expect(pushed.task.assignees.map((a) => a.officerId)).toEqual([patrol.officerId]);

    for (const action of ['acknowledge', 'en-route', 'arrive']) {
      expect((await deviceStep(task, action, patrol.deviceToken)).status).toBe(200);
    }
    const resolved = await deviceStep(task, 'resolve', patrol.deviceToken, {
      note: 'Stall moved',
      photos: ['p1.jpg'],
    });
    expect(resolved.body.state).toBe('resolved');
    const closed = await step(task, 'close', 'operator');
    expect(closed.body.state).toBe('closed');

    const detail = (await call<TaskDetail>('GET', `/api/tasks/${task.id}`, 'supervisor')).body;
    expect(detail.events.map((e) => [e.type, e.toState, e.actor])).toEqual([
      ['created', 'created', 'test-operator'],
      ['dispatched', 'dispatched', 'test-operator'],
      ['acknowledged', 'acknowledged', `device:${patrol.deviceUniqueId}`],
      ['en-route', 'en_route', `device:${patrol.deviceUniqueId}`],
      ['arrived', 'on_scene', `device:${patrol.deviceUniqueId}`],
      ['resolved', 'resolved', `device:${patrol.deviceUniqueId}`],
      ['closed', 'closed', 'test-operator'],
    ]);
    expect(detail.events[5]!.data).toEqual({ note: 'Stall moved', photos: ['p1.jpg'] });
    expect(detail.timings.toCloseSeconds).toBeGreaterThanOrEqual(0);
    expect(detail.timings.toAcknowledgeSeconds).toBeLessThanOrEqual(detail.timings.toCloseSeconds!);
    expect(detail.slaSecondsRemaining).toBeNull();
  });

  it('answers a step out of order with 409 naming both states, and records nothing', async () => {
    const task = await newTask();
    const early = await step(task, 'close', 'operator');
    expect(early.status).toBe(409);
    expect((early.body as unknown as { message: string }).message).toBe(
      'Cannot close this task: it is created, and close needs it to be resolved.',
    );
    const detail = (await call<TaskDetail>('GET', `/api/tasks/${task.id}`, 'operator')).body;
    expect(detail.events.map((e) => e.type)).toEqual(['created']);
  });

  it('needs a reason to cancel, and lets only the command centre close', async () => {
    const task = await newTask();
    expect((await step(task, 'cancel', 'operator')).status).toBe(400);
    await step(task, 'dispatch', 'operator', { officerIds: [patrol.officerId] });
    expect((await deviceStep(task, 'close', patrol.deviceToken)).status).toBe(403);
    const cancelled = await step(task, 'cancel', 'operator', { reason: 'Reported twice' });
    expect(cancelled.body.state).toBe('cancelled');
    expect(cancelled.body.assignees).toEqual([]);
  });

  it('shows a device its open tasks again when it reconnects', async () => {
    const task = await newTask();
    await step(task, 'dispatch', 'operator', { officerIds: [colleague.officerId] });
    const device = deviceSocket(colleague.deviceToken);
    const open = await untilDefined(() => device.received.open[0], 'open tasks on connect');
    expect(open.map((t) => t.id)).toContain(task.id);
    await step(task, 'cancel', 'operator', { reason: 'cleanup' });
  });
});

describe('an officer’s own account', () => {
  it('lists and opens only the tasks the officer is or was sent to', async () => {
    const wang = await call('POST', '/api/users', 'administrator', {
      username: 'officer.wang',
      displayName: 'Officer Wang',
      password: 'wang-password-1',
      role: 'officer',
      officerId: patrol.officerId,
    });
    expect(wang.status).toBe(201);
    const login = await test.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'officer.wang', password: 'wang-password-1' },
    });
    const asWang = { token: login.json<{ token: string }>().token };

    const mine = await newTask();
    await step(mine, 'dispatch', 'operator', { officerIds: [patrol.officerId] });
    const theirs = await newTask();
    await step(theirs, 'dispatch', 'operator', { officerIds: [colleague.officerId] });
    const movedAway = await newTask();
    await step(movedAway, 'dispatch', 'operator', { officerIds: [patrol.officerId] });
    await step(movedAway, 'reassign', 'operator', { officerIds: [colleague.officerId] });

    const listed = (await call<Task[]>('GET', '/api/tasks?state=open', asWang)).body.map((t) => t.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);
    expect(listed).not.toContain(movedAway.id);
    expect((await call('GET', `/api/tasks/${mine.id}`, asWang)).status).toBe(200);
    expect((await call('GET', `/api/tasks/${movedAway.id}`, asWang)).status).toBe(200);
    const other = await call<{ message: string }>('GET', `/api/tasks/${theirs.id}`, asWang);
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/never assigned to you/);
    for (const task of [mine, theirs, movedAway])
      await step(task, 'cancel', 'operator', { reason: 'cleanup' });
  });
});

describe('races', () => {
  it('two operators dispatching one task at once: one dispatch, one 409, one event', async () => {
    const task = await newTask();
    const results = await Promise.all([
      step(task, 'dispatch', 'operator', { officerIds: [patrol.officerId] }),
      step(task, 'dispatch', 'administrator', { officerIds: [colleague.officerId] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const detail = (await call<TaskDetail>('GET', `/api/tasks/${task.id}`, 'operator')).body;
    expect(detail.events.filter((e) => e.type === 'dispatched')).toHaveLength(1);
    expect(detail.assignees).toHaveLength(1);
    await step(task, 'cancel', 'operator', { reason: 'cleanup' });
  });

  it('an officer acknowledging a task already reassigned away gets 409', async () => {
    const task = await newTask();
    await step(task, 'dispatch', 'operator', { officerIds: [patrol.officerId] });
    await step(task, 'reassign', 'operator', { officerIds: [colleague.officerId] });
    const late = await deviceStep(task, 'acknowledge', patrol.deviceToken);
    expect(late.status).toBe(409);
    expect((late.body as unknown as { message: string }).message).toContain('no longer assigned to you');
    expect((await deviceStep(task, 'acknowledge', colleague.deviceToken)).status).toBe(200);
    await step(task, 'cancel', 'operator', { reason: 'cleanup' });
  });

  it('a resolve sent twice at once is recorded once', async () => {
    const task = await newTask();
    await step(task, 'dispatch', 'operator', { officerIds: [patrol.officerId] });
    for (const action of ['acknowledge', 'arrive']) await deviceStep(task, action, patrol.deviceToken);
    const results = await Promise.all([
      deviceStep(task, 'resolve', patrol.deviceToken, { note: 'done' }),
      deviceStep(task, 'resolve', patrol.deviceToken, { note: 'done' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const detail = (await call<TaskDetail>('GET', `/api/tasks/${task.id}`, 'operator')).body;
    expect(detail.events.filter((e) => e.type === 'resolved')).toHaveLength(1);
  });
});

describe('timers', () => {
  it('escalates a task not acknowledged in time, once, with officers suggested', async () => {
    const dashboard = connect(`${url}/live`, {
      auth: { token: test.tokens.operator },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(dashboard);
    const alerts: Alert[] = [];
    dashboard.on('alert', (alert: Alert) => alerts.push(alert));
    await new Promise<void>((resolve) => dashboard.once('connect', () => resolve()));

    const task = await newTask();
    await step(task, 'dispatch', 'operator', { officerIds: [colleague.officerId] });
    const alert = await untilDefined(
      () => alerts.find((a) => a.kind === 'task-unacknowledged' && a.data.taskId === task.id),
      'the escalation alert',
    );
    expect(alert.data.suggestions).toEqual([expect.objectContaining({ officerId: patrol.officerId })]);
    await new Promise((resolve) => setTimeout(resolve, 400)); // several more timer checks
    const detail = (await call<TaskDetail>('GET', `/api/tasks/${task.id}`, 'operator')).body;
    expect(detail.events.filter((e) => e.type === 'escalated')).toHaveLength(1);
    expect(detail.escalatedAt).not.toBeNull();
    await step(task, 'cancel', 'operator', { reason: 'cleanup' });
  });

  it('records an SLA breach once on the timeline', async () => {
    const task = await newTask();
    // Make the SLA due now, as if 10 minutes had passed.
    const { Client } = await import('pg');
    const client = new Client({ connectionString: test.databaseUrl });
    await client.connect();
    await client.query("UPDATE tasks SET sla_due_at = now() - interval '1 second' WHERE id = $1", [task.id]);
    await client.end();
    const detail = await untilDefined(async () => {
      const { body } = await call<TaskDetail>('GET', `/api/tasks/${task.id}`, 'operator');
      return body.slaBreachedAt ? body : undefined;
    }, 'the SLA breach');
    expect(detail.events.filter((e) => e.type === 'sla-breached')).toHaveLength(1);
    expect(detail.slaSecondsRemaining).toBeLessThan(0);
  });
});

describe('SOS', () => {
  it('raises a critical alert and an urgent task at the officer’s last position', async () => {
    const sos = await call<{ taskId: string }>(
      'POST',
      '/api/device/sos',
      { token: patrol.deviceToken },
      { note: 'help' },
    );
    expect(sos.status).toBe(201);
    const task = (await call<TaskDetail>('GET', `/api/tasks/${sos.body.taskId}`, 'operator')).body;
    expect(task).toMatchObject({
      source: 'sos',
      priority: 'urgent',
      category: 'sos',
      gridCellId: patrol.cells.a1,
    });
    const alerts = (await call<Alert[]>('GET', '/api/alerts?open=true', 'operator')).body;
    expect(alerts.find((a) => a.kind === 'sos' && a.officerId === patrol.officerId)).toMatchObject({
      severity: 'critical',
    });
  });
});

describe('statistics', () => {
  it('counts tasks and times per category, with the SLA breach rate', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const { status, body } = await call<
      Array<{
        key: string;
        tasks: number;
        closed: number;
        slaBreaches: number;
        toClose: { p50: number | null };
      }>
    >('GET', `/api/tasks/stats?from=${from}&to=${to}&groupBy=category`, 'supervisor');
    expect(status).toBe(200);
    const vending = body.find((row) => row.key === 'street-vending')!;
    expect(vending.closed).toBe(1);
    expect(vending.tasks).toBeGreaterThan(5);
    expect(vending.slaBreaches).toBe(1);
    expect(vending.toClose.p50).toBeGreaterThanOrEqual(0);
  });
});
