// Dashboards on the /live socket: the latest positions at once, then batched deltas per room;
// cell changes; alerts for leaving the assigned area and for a silent device.
import { io as connect, type Socket } from 'socket.io-client';
import type { Alert, CellChange, LiveClientEvents, LivePosition, LiveServerEvents } from '@fcc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatrolFixture, fixAt, type PatrolFixture } from './helpers/patrol-fixture';
import { createTestApp, TEST_PASSWORD, type TestApp } from './helpers/test-app';
import { untilDefined } from './helpers/polling';

type LiveSocket = Socket<LiveServerEvents, LiveClientEvents>;

let test: TestApp;
let patrol: PatrolFixture;
let url: string;
const sockets: LiveSocket[] = [];

beforeAll(async () => {
  test = await createTestApp({ LIVE_INTERVAL_MS: '50', SILENT_AFTER_MINUTES: '120' });
  patrol = await createPatrolFixture(test);
  const onDuty = await test.app.inject({
    method: 'PATCH',
    url: `/api/officers/${patrol.officerId}`,
    headers: test.auth('administrator'),
    payload: { status: 'available' },
  });
  expect(onDuty.statusCode).toBe(200);
  url = await test.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  sockets.forEach((socket) => socket.disconnect());
  await test.close();
});

function dashboard(token = test.tokens.operator): LiveSocket {
  const socket: LiveSocket = connect(`${url}/live`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(socket);
  return socket;
}

/** Everything a socket receives, to wait for. */
function recorder(socket: LiveSocket) {
  const positions: LivePosition[] = [];
  const alerts: Alert[] = [];
  const cellChanges: CellChange[] = [];
  socket.on('positions', (list) => positions.push(...list));
  socket.on('alert', (alert) => alerts.push(alert));
  socket.on('cellChange', (change) => cellChanges.push(change));
  return { positions, alerts, cellChanges };
}

// Fix times advance a few minutes per move, so that crossing the beat is a plausible speed.
let clock = Date.now() - 3_600_000;
const later = (minutes = 3) => new Date((clock += minutes * 60_000));

async function ingest(fixes: unknown[]) {
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/device/positions',
    headers: { authorization: `Bearer ${patrol.deviceToken}` },
    payload: { fixes },
  });
  expect(response.statusCode).toBe(200);
}

describe('live positions', () => {
  it('gives a joining dashboard the latest positions at once, then the deltas', async () => {
    await ingest([fixAt('a1', later())]);
    const socket = dashboard();
    const seen = recorder(socket);
    const snapshot = (await socket.timeout(5000).emitWithAck('subscribe', { scope: 'all' })) as {
      positions: LivePosition[];
    };
    expect(snapshot.positions.map((p) => p.officerId)).toEqual([patrol.officerId]);

    const fixTime = later();
    await ingest([fixAt('a1', fixTime, 5)]);
    const delta = await untilDefined(
      () => seen.positions.find((p) => p.fixTime === fixTime.toISOString()),
      'the delta',
    );
    expect(delta).toMatchObject({
      officerId: patrol.officerId,
      gridCellId: patrol.cells.a1,
      areaId: patrol.areaA,
    });
  });

  it('sends an area room only what happens in that area, and tells it when an officer leaves', async () => {
    const areaB = dashboard();
    const seenB = recorder(areaB);
    const snapshot = await areaB.timeout(5000).emitWithAck('subscribe', { scope: 'area', id: patrol.areaB });
    expect(snapshot).toEqual({ positions: [] });
    await ingest([fixAt('a1', later(), 10)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seenB.positions).toEqual([]);

    const inB = later();
    await ingest([fixAt('b1', inB)]);
    await untilDefined(
      () => seenB.positions.find((p) => p.fixTime === inB.toISOString()),
      'the officer entering area B',
    );
  });

  it('refuses an unknown subscription and a device token', async () => {
    const socket = dashboard();
    const answer = await socket.timeout(5000).emitWithAck('subscribe', { scope: 'planet' } as never);
    expect(answer).toMatchObject({ error: { statusCode: 400 } });
    const device = dashboard(patrol.deviceToken);
    const error = await new Promise<Error>((resolve) => device.once('connect_error', resolve));
    expect(error.message).toMatch(/operators/);
  });
});

describe('grid and area events', () => {
  it('pushes cell changes, a left-area alert, and a return that resolves it', async () => {
    const socket = dashboard();
    const seen = recorder(socket);
    await socket.timeout(5000).emitWithAck('subscribe', { scope: 'all' });

    await ingest([fixAt('a2', later())]); // A-1 or B-1 → A-2
    await untilDefined(
      () => seen.cellChanges.find((c) => c.toCellId === patrol.cells.a2),
      'the move into A-2',
    );

    await ingest([fixAt('b1', later())]);
    const left = await untilDefined(
      () => seen.alerts.find((a) => a.kind === 'left-area' && a.resolvedAt === null),
      'the left-area alert',
    );
    expect(left).toMatchObject({ severity: 'warning', officerId: patrol.officerId, resolvedAt: null });

    await ingest([fixAt('a2', later(), 3)]);
    await untilDefined(
      () => seen.alerts.find((a) => a.id === left.id && a.resolvedAt !== null),
      'the alert resolved',
    );
    await untilDefined(
      () => seen.alerts.find((a) => a.kind === 'returned-to-area'),
      'the returned-to-area alert',
    );

    const open = await test.app.inject({
      method: 'GET',
      url: '/api/alerts?open=true',
      headers: test.auth('operator'),
    });
    const openKinds = open.json<Alert[]>().map((a) => a.kind);
    expect(openKinds).toContain('returned-to-area');
    expect(openKinds).not.toContain('left-area');
  });

  it('raises one alert for a silent device and resolves it when the device reports again', async () => {
    const socket = dashboard();
    const seen = recorder(socket);
    await socket.timeout(5000).emitWithAck('subscribe', { scope: 'all' });
    // A check just over two hours after the last fix finds the officer silent (SILENT_AFTER_MINUTES=120).
    const checkAt = clock + 121 * 60_000;
    await test.app.services.silenceWatch.check(checkAt);
    await test.app.services.silenceWatch.check(checkAt);
    const silent = await untilDefined(
      () => seen.alerts.find((a) => a.kind === 'device-silent'),
      'the silent alert',
    );
    expect(seen.alerts.filter((a) => a.kind === 'device-silent')).toHaveLength(1);
    expect(silent.officerId).toBe(patrol.officerId);

    await ingest([fixAt('a2', later(), 4)]);
    await untilDefined(
      () => seen.alerts.find((a) => a.id === silent.id && a.resolvedAt !== null),
      'the silence resolved',
    );
  });

  it('does not call a rostered officer silent outside their shift', async () => {
    const silentAlerts = async () =>
      (await test.app.inject({ url: '/api/alerts?open=true', headers: test.auth('operator') }))
        .json<Alert[]>()
        .filter((a) => a.kind === 'device-silent' && a.officerId === patrol.officerId);
    const addShift = async (fromMinutes: number, toMinutes: number) => {
      const response = await test.app.inject({
        method: 'POST',
        url: `/api/officers/${patrol.officerId}/shifts`,
        headers: test.auth('operator'),
        payload: {
          startsAt: new Date(clock + fromMinutes * 60_000).toISOString(),
          endsAt: new Date(clock + toMinutes * 60_000).toISOString(),
        },
      });
      expect(response.statusCode).toBe(201);
    };
    const checkAt = clock + 121 * 60_000; // over two hours after the last fix
    await addShift(0, 60);
    await test.app.services.silenceWatch.check(checkAt);
    expect(await silentAlerts()).toEqual([]); // off shift by then
    await addShift(120, 240);
    await test.app.services.silenceWatch.check(checkAt);
    expect(await silentAlerts()).toHaveLength(1); // on shift, and silent
    await ingest([fixAt('a2', later(), 5)]);
    for (let tries = 0; tries < 100 && (await silentAlerts()).length > 0; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await silentAlerts()).toEqual([]); // the fix resolved it
  });

  it('lets an operator acknowledge an alert; the acknowledgement reaches every dashboard', async () => {
    const socket = dashboard();
    const seen = recorder(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const [alert] = (
      await test.app.inject({ method: 'GET', url: '/api/alerts', headers: test.auth('operator') })
    ).json<Alert[]>();
    const acknowledged = await test.app.inject({
      method: 'POST',
      url: `/api/alerts/${alert!.id}/acknowledge`,
      headers: test.auth('operator'),
    });
    expect(acknowledged.statusCode).toBe(200);
    await untilDefined(
      () => seen.alerts.find((a) => a.id === alert!.id && a.acknowledgedAt !== null),
      'the acknowledgement',
    );
    const missing = await test.app.inject({
      method: 'POST',
      url: '/api/alerts/00000000-0000-4000-8000-000000000000/acknowledge',
      headers: test.auth('operator'),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('closes a dashboard socket when its session is signed out, and every one of a user whose role changes', async () => {
    const login = async (username: string) => {
      const response = await test.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: TEST_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      return response.json<{ token: string }>().token;
    };
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: test.auth('administrator'),
      payload: {
        username: 'night-operator',
        displayName: 'Night operator',
        role: 'operator',
        password: TEST_PASSWORD,
      },
    });
    expect(created.statusCode).toBe(201);
    const userId = created.json<{ id: string }>().id;
    const connected = async (token: string) => {
      const socket = dashboard(token);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      return { socket, closed };
    };

    const [first, second] = [await login('night-operator'), await login('night-operator')];
    const signedOut = await connected(first);
    const other = await connected(second);
    const bystander = await connected(test.tokens.operator);
    const logout = await test.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${first}` },
    });
    expect(logout.statusCode).toBe(204);
    expect(await signedOut.closed).toBe('io server disconnect');
    expect(other.socket.connected).toBe(true);

    const demoted = await test.app.inject({
      method: 'PATCH',
      url: `/api/users/${userId}`,
      headers: test.auth('administrator'),
      payload: { role: 'officer' },
    });
    expect(demoted.statusCode).toBe(200);
    expect(await other.closed).toBe('io server disconnect');
    expect(bystander.socket.connected).toBe(true);
  });
});
