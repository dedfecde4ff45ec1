// The OsmAnd listener on a real port, as Traccar Client talks to it, into PostGIS.
import pg from 'pg';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOsmandServer } from '../src/modules/positions/osmand/osmand-server';
import { CELL_CENTRES, createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

let test: TestApp;
let patrol: PatrolFixture;
let osmand: FastifyInstance;
let base: string;
let db: pg.Pool;

beforeAll(async () => {
  test = await createTestApp();
  patrol = await createPatrolFixture(test, '862104052244321');
  osmand = buildOsmandServer({ ingest: test.app.services.positions.osmand, log: pino({ level: 'silent' }) });
  base = await osmand.listen({ host: '127.0.0.1', port: 0 });
  db = new pg.Pool({ connectionString: test.databaseUrl });
});
afterAll(async () => {
  await osmand.close();
  await db.end();
  await test.close();
});

async function rows() {
  const { rows } = await db.query<{
    fixTime: Date;
    speed: number | null;
    battery: number | null;
    cellId: string;
  }>(
    `SELECT fix_time AS "fixTime", speed, battery, grid_cell_id AS "cellId" FROM positions
     WHERE device_id = $1 ORDER BY fix_time`,
    [patrol.deviceId],
  );
  return rows;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

describe('OsmAnd listener', () => {
  it('stores a Traccar Client GET fix (speed in knots) and moves the officer', async () => {
    const time = new Date(Date.now() - 120_000);
    const { lat, lon } = CELL_CENTRES.a1;
    const response = await fetch(
      `${base}/?id=${patrol.deviceUniqueId}&timestamp=${seconds(time)}&lat=${lat}&lon=${lon}&speed=2&bearing=10&batt=64`,
    );
    expect(response.status).toBe(200);
    const [stored] = await rows();
    expect(stored).toMatchObject({ speed: expect.closeTo(1.029, 2), battery: 64, cellId: patrol.cells.a1 });
    const latest = await test.app.services.positions.repository.latest({ officerId: patrol.officerId });
    expect(latest[0]?.fixTime).toBe(new Date(seconds(time) * 1000).toISOString());
  });

  it('stores a form POST and a Traccar Client 9 JSON POST', async () => {
    const { lat, lon } = CELL_CENTRES.a1;
    const form = await fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=${patrol.deviceUniqueId}&timestamp=${Date.now() - 90_000}&location=${lat},${lon + 0.0001}`,
    });
    expect(form.status).toBe(200);
    const json = await fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        device_id: patrol.deviceUniqueId,
        location: {
          timestamp: new Date(Date.now() - 60_000).toISOString(),
          coords: {
            latitude: lat,
            longitude: lon + 0.0002,
            speed: 1.3,
            heading: 80,
            accuracy: 5,
            altitude: 1050,
          },
          battery: { level: 0.6, is_charging: false },
          is_moving: true,
          event: 'motionchange',
        },
      }),
    });
    expect(json.status).toBe(200);
    expect((await rows()).map((row) => row.battery)).toEqual([64, null, 60]);
  });

  it('answers an unknown device 400 for parameters and 404 for JSON, as Traccar does', async () => {
    const query = await fetch(`${base}/?id=nobody&lat=40.8&lon=111.6`);
    expect(query.status).toBe(400);
    expect(await query.text()).toMatch(/unknown device nobody/);
    const json = await fetch(`${base}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        device_id: 'nobody',
        location: { coords: { latitude: 40.8, longitude: 111.6 } },
      }),
    });
    expect(json.status).toBe(404);
  });

  it('answers bad requests 400 with the reason, storing nothing', async () => {
    const before = (await rows()).length;
    const cases = [
      fetch(`${base}/?id=${patrol.deviceUniqueId}&lat=95&lon=111.6`),
      fetch(
        `${base}/?id=${patrol.deviceUniqueId}&lat=40.8&lon=111.6&timestamp=${seconds(new Date()) + 86_400}`,
      ),
      fetch(`${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"device_id":',
      }),
      fetch(`${base}/`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }),
    ];
    for (const response of await Promise.all(cases)) {
      expect(response.status).toBe(400);
      expect((await response.text()).length).toBeGreaterThan(3);
    }
    expect((await rows()).length).toBe(before);
  });
});
