// Ingest through the real HTTP and socket paths into PostGIS: acks after commit, idempotency,
// late and out-of-order fixes, outliers, bad input, and a failure in the middle of a batch.
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import type { DeviceClientEvents, DeviceServerEvents, FixBatchAck, SocketError } from '@fcc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatrolFixture, fixAt, type PatrolFixture } from './helpers/patrol-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

let test: TestApp;
let patrol: PatrolFixture;
let db: pg.Pool;
let url: string;

beforeAll(async () => {
  test = await createTestApp({ DEVICE_BATCHES_PER_MINUTE: '1000' });
  patrol = await createPatrolFixture(test);
  db = new pg.Pool({ connectionString: test.databaseUrl });
  url = await test.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await db.end();
  await test.close();
});

const minutesAgo = (minutes: number, seconds = 0) => new Date(Date.now() - minutes * 60_000 + seconds * 1000);

function postBatch(fixes: unknown[], token = patrol.deviceToken) {
  return test.app.inject({
    method: 'POST',
    url: '/api/device/positions',
    headers: { authorization: `Bearer ${token}` },
    payload: { fixes },
  });
}

async function storedRows(deviceId = patrol.deviceId) {
  const { rows } = await db.query<{ fixTime: Date; cellId: string | null; flags: number; lat: number }>(
    `SELECT fix_time AS "fixTime", grid_cell_id AS "cellId", flags, ST_Y(geom) AS lat
     FROM positions WHERE device_id = $1 ORDER BY fix_time`,
    [deviceId],
  );
  return rows;
}

async function latest() {
  const { rows } = await db.query<{ fixTime: Date; cellId: string | null }>(
    `SELECT fix_time AS "fixTime", grid_cell_id AS "cellId" FROM latest_positions WHERE officer_id = $1`,
    [patrol.officerId],
  );
  return rows[0];
}

describe('HTTP batch ingest', () => {
  it('stores every fix with its grid cell and advances the latest position', async () => {
    const t0 = minutesAgo(100);
    const response = await postBatch([
      fixAt('a1', t0, 0, { accuracy: 5, speed: 1.2, heading: 90, altitude: 1050, battery: 80 }),
      fixAt('a1', new Date(t0.getTime() + 5000), 6),
      fixAt('a2', new Date(t0.getTime() + 600_000)),
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json<FixBatchAck>()).toEqual({ stored: 3, duplicates: 0, outliers: 0, rejected: [] });
    const rows = await storedRows();
    expect(rows.map((row) => row.cellId)).toEqual([patrol.cells.a1, patrol.cells.a1, patrol.cells.a2]);
    expect((await latest())?.cellId).toBe(patrol.cells.a2);
  });

  it('stores a resent batch once (idempotent by device and fix time)', async () => {
    const t0 = minutesAgo(90);
    const batch = [fixAt('a2', t0), fixAt('a2', new Date(t0.getTime() + 1000), 1)];
    const before = (await storedRows()).length;
    expect((await postBatch(batch)).json<FixBatchAck>()).toMatchObject({ stored: 2, duplicates: 0 });
    expect((await postBatch(batch)).json<FixBatchAck>()).toMatchObject({ stored: 0, duplicates: 2 });
    // The same fix twice inside one batch is stored once too.
    const t1 = minutesAgo(89);
    expect((await postBatch([fixAt('a2', t1), fixAt('a2', t1)])).json<FixBatchAck>()).toMatchObject({
      stored: 1,
      duplicates: 1,
    });
    expect((await storedRows()).length).toBe(before + 3);
  });

  it('stores a batch sent twice at once (both written in one group) once, counted for one of them', async () => {
    const t0 = minutesAgo(80);
    const batch = [0, 1, 2].map((s) => fixAt('a2', new Date(t0.getTime() + s * 1000)));
    const before = (await storedRows()).length;
    const acks = (await Promise.all([postBatch(batch), postBatch(batch)])).map((r) => r.json<FixBatchAck>());
    expect(acks.map((ack) => ack.stored).sort()).toEqual([0, 3]);
    expect(acks.map((ack) => ack.duplicates).sort()).toEqual([0, 3]);
    expect((await storedRows()).length).toBe(before + 3);
  });

  it('keeps late fixes in fix-time order and never lets them overwrite a newer latest position', async () => {
    const newest = minutesAgo(10);
    await postBatch([fixAt('a2', newest)]);
    // A device back from a dead zone uploads its older buffer afterwards, newest first.
    const buffered = [
      fixAt('a1', minutesAgo(20, 10)),
      fixAt('a1', minutesAgo(20, 5)),
      fixAt('a1', minutesAgo(20)),
    ];
    expect((await postBatch(buffered.reverse())).json<FixBatchAck>().stored).toBe(3);
    const current = await latest();
    expect(current?.fixTime.toISOString()).toBe(newest.toISOString());
    expect(current?.cellId).toBe(patrol.cells.a2);
    const times = (await storedRows()).map((row) => row.fixTime.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('flags an impossible jump as an outlier: stored, but not the latest position', async () => {
    const t0 = minutesAgo(5);
    const jump = { fixTime: new Date(t0.getTime() + 10_000).toISOString(), lat: 41.3, lon: 111.605 }; // 55 km in 10 s
    const response = await postBatch([
      fixAt('a1', t0),
      jump,
      fixAt('a1', new Date(t0.getTime() + 20_000), 3),
    ]);
    expect(response.json<FixBatchAck>()).toEqual({ stored: 3, duplicates: 0, outliers: 1, rejected: [] });
    const flagged = (await storedRows()).filter((row) => row.flags & 1);
    expect(flagged.map((row) => row.lat)).toEqual([41.3]);
    expect((await latest())?.fixTime.getTime()).toBe(t0.getTime() + 20_000);
  });

  it('rejects bad fixes one by one and stores the rest of the batch', async () => {
    const t0 = minutesAgo(4);
    const response = await postBatch([
      fixAt('a1', t0),
      { fixTime: t0.toISOString(), lat: 91, lon: 111.6 },
      { fixTime: 'yesterday', lat: 40.8, lon: 111.6 },
      { ...fixAt('a1', new Date(t0.getTime() + 1000)), colour: 'red' },
      fixAt('a1', new Date(Date.now() + 3_600_000)),
      'not a fix',
      fixAt('a1', new Date(t0.getTime() + 2000), 2),
    ]);
    expect(response.statusCode).toBe(200);
    const ack = response.json<FixBatchAck>();
    expect(ack.stored).toBe(2);
    expect(ack.rejected.map((rejection) => rejection.index)).toEqual([1, 2, 3, 4, 5]);
    expect(ack.rejected[0]!.reason).toMatch(/lat/);
    expect(ack.rejected[3]!.reason).toMatch(/future.*device clock/);
  });

  it('refuses whole requests that are not a batch, storing nothing', async () => {
    const before = (await storedRows()).length;
    const tooMany = Array.from({ length: 501 }, (_, i) => fixAt('a1', minutesAgo(3, i / 10)));
    const cases = [
      await postBatch(tooMany),
      await postBatch([]),
      await test.app.inject({
        method: 'POST',
        url: '/api/device/positions',
        headers: { ...test.auth('device'), 'content-type': 'application/json' },
        payload: '{"fixes": [',
      }),
      await test.app.inject({
        method: 'POST',
        url: '/api/device/positions',
        headers: test.auth('device'),
        payload: { fixes: [fixAt('a1', minutesAgo(3))], extra: true },
      }),
    ];
    for (const response of cases) {
      expect(response.statusCode).toBe(400);
      expect(response.json<{ message: string }>().message.length).toBeGreaterThan(5);
    }
    expect((await storedRows()).length).toBe(before);
  });

  it('answers 401 without a device token and 403 for a person’s token', async () => {
    const batch = { fixes: [fixAt('a1', minutesAgo(2))] };
    const anonymous = await test.app.inject({ method: 'POST', url: '/api/device/positions', payload: batch });
    expect(anonymous.statusCode).toBe(401);
    const operator = await test.app.inject({
      method: 'POST',
      url: '/api/device/positions',
      headers: test.auth('operator'),
      payload: batch,
    });
    expect(operator.statusCode).toBe(403);
  });

  it('stores nothing of a batch whose transaction fails part-way, and says to resend', async () => {
    // A real failure inside the insert: a trigger refuses one row of the batch.
    await db.query(`
      CREATE FUNCTION refuse_accuracy_999() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.accuracy = 999 THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_999 BEFORE INSERT ON positions FOR EACH ROW EXECUTE FUNCTION refuse_accuracy_999();`);
    try {
      const before = await storedRows();
      const latestBefore = await latest();
      const t0 = minutesAgo(1);
      const response = await postBatch([
        fixAt('a2', t0),
        fixAt('a2', new Date(t0.getTime() + 1000), 1, { accuracy: 999 }),
        fixAt('a2', new Date(t0.getTime() + 2000), 2),
      ]);
      expect(response.statusCode).toBe(500);
      expect(await storedRows()).toEqual(before);
      expect(await latest()).toEqual(latestBefore);
    } finally {
      await db.query('DROP TRIGGER refuse_999 ON positions; DROP FUNCTION refuse_accuracy_999();');
    }
  });
});

describe('socket ingest', () => {
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((socket) => socket.disconnect()));

  function deviceSocket(token: string): Socket<DeviceServerEvents, DeviceClientEvents> {
    const socket: Socket<DeviceServerEvents, DeviceClientEvents> = connect(`${url}/device`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    return socket;
  }

  it('acks a batch only once it is committed', async () => {
    const socket = deviceSocket(patrol.deviceToken);
    const t0 = minutesAgo(0, -30);
    const batch = { fixes: [fixAt('a1', t0), fixAt('a1', new Date(t0.getTime() + 1000), 1)] };
    const ack = await socket.timeout(10_000).emitWithAck('positions', batch);
    expect(ack).toEqual({ stored: 2, duplicates: 0, outliers: 0, rejected: [] });
    // Visible to another connection the moment the ack arrives: committed, not pending.
    const times = (await storedRows()).map((row) => row.fixTime.getTime());
    expect(times).toContain(t0.getTime());
    expect(times).toContain(t0.getTime() + 1000);
  });

  it('lets a device that lost the ack (connection dropped) resend without storing twice', async () => {
    const first = deviceSocket(patrol.deviceToken);
    await new Promise<void>((resolve) => first.once('connect', () => resolve()));
    const t0 = minutesAgo(0, -20);
    const batch = { fixes: [0, 1, 2].map((i) => fixAt('a1', new Date(t0.getTime() + i * 1000), i)) };
    first.emit('positions', batch, () => undefined);
    first.disconnect(); // the ack, if any, is lost
    const second = deviceSocket(patrol.deviceToken);
    const ack = (await second.timeout(10_000).emitWithAck('positions', batch)) as FixBatchAck;
    expect(ack.stored + ack.duplicates).toBe(3);
    const stored = (await storedRows()).filter((row) => row.fixTime.getTime() >= t0.getTime());
    expect(stored.length).toBe(3);
  });

  it('answers a malformed batch with a 400 error in the ack', async () => {
    const socket = deviceSocket(patrol.deviceToken);
    const ack = (await socket
      .timeout(10_000)
      .emitWithAck('positions', { fixes: 'nope' } as never)) as SocketError;
    expect(ack.error.statusCode).toBe(400);
  });

  it('refuses a connection with a bad or a person’s token', async () => {
    for (const token of ['fcc_d_not-a-real-token', test.tokens.operator]) {
      const socket = deviceSocket(token);
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toMatch(/token|device/i);
    }
  });
  it('closes a device’s socket when its token is revoked or replaced, and refuses the old token', async () => {
    const admin = test.auth('administrator');
    const device = await test.app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: admin,
      payload: { kind: 'phone', name: 'Lost phone', uniqueId: 'PH-LOST' },
    });
    const deviceId = device.json<{ id: string }>().id;
    const issue = async () =>
      (
        await test.app.inject({ method: 'POST', url: `/api/devices/${deviceId}/token`, headers: admin })
      ).json<{ token: string }>().token;
    const connected = async (token: string) => {
      const socket = deviceSocket(token);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    };
    const closedByServer = (socket: ReturnType<typeof deviceSocket>) =>
      new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

    const first = await issue();
    const replacedSocket = await connected(first);
    const replaced = closedByServer(replacedSocket);
    const second = await issue(); // a new token replaces the first
    expect(await replaced).toBe('io server disconnect');

    const revokedSocket = await connected(second);
    const revoked = closedByServer(revokedSocket);
    const response = await test.app.inject({
      method: 'DELETE',
      url: `/api/devices/${deviceId}/token`,
      headers: admin,
    });
    expect(response.statusCode).toBe(204);
    expect(await revoked).toBe('io server disconnect');
    for (const old of [first, second]) {
      const retry = deviceSocket(old);
      const error = await new Promise<Error>((resolve) => retry.once('connect_error', resolve));
      expect(error.message).toMatch(/token/i);
    }
  });
});

describe('per-device rate limit', () => {
  it('answers 429 with Retry-After once a device exceeds its batches per minute, and stores nothing', async () => {
    const limited = await createTestApp({ DEVICE_BATCHES_PER_MINUTE: '3' });
    try {
      const beat = await createPatrolFixture(limited, 'BC-FLOOD');
      const send = (i: number) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/device/positions',
          headers: { authorization: `Bearer ${beat.deviceToken}` },
          payload: { fixes: [fixAt('a1', minutesAgo(1, i))] },
        });
      for (let i = 0; i < 3; i += 1) expect((await send(i)).statusCode).toBe(200);
      const refused = await send(3);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      const count = await limited.app.services.positions.repository.latest({ officerId: beat.officerId });
      expect(count).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});
