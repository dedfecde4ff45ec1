// First start seeds the demo town and the administrator once; ADMIN_PASSWORD resets it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { buildApp, type App } from '../src/app';
import { loadConfig } from '../src/config';
import { seedOnFirstStart } from '../src/seed/seed-demo-town';
import { createTestDatabase } from './helpers/test-database';

describe('first-start seed', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: App;
  const log = pino({ level: 'silent' });
  const configWith = (env: Record<string, string>) =>
    loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: database.url, DASHBOARD_DIR: '/nonexistent', ...env });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildApp({ config: configWith({}), database, log });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const login = (password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password } });

  it('creates the demo town: 4 areas, 27 cells, streets, 16 officers with devices; the printed password works', async () => {
    const result = await seedOnFirstStart(database.db, app.services, configWith({}), log);
    expect(result.seededTown).toBe(true);
    expect(result.adminCredentials).toMatchObject({ username: 'admin', generated: true });
    const password = result.adminCredentials!.password;
    expect(password).toHaveLength(16);

    const session = await login(password);
    expect(session.statusCode).toBe(200);
    const headers = { authorization: `Bearer ${session.json().token}` };
    const cells = (await app.inject({ url: '/api/grids/cells', headers })).json();
    const areas = (await app.inject({ url: '/api/grids/areas', headers })).json();
    const streets = (await app.inject({ url: '/api/map/streets', headers })).json();
    const officers = (await app.inject({ url: '/api/officers', headers })).json();
    const devices = (await app.inject({ url: '/api/devices', headers })).json();
    expect(cells.features).toHaveLength(27);
    expect(areas.features).toHaveLength(4);
    expect(streets.features.length).toBeGreaterThan(10);
    expect(officers).toHaveLength(16);
    expect(devices.length).toBeGreaterThanOrEqual(16);
    expect(officers.every((officer: { areaId: string | null }) => officer.areaId !== null)).toBe(true);

    // Every demo device has a working token, for the simulated fleet of `npm start`.
    const tokens = result.demoDeviceTokens!;
    expect(Object.keys(tokens).sort()).toEqual(devices.map((d: { uniqueId: string }) => d.uniqueId).sort());
    const self = await app.inject({
      url: '/api/device/self',
      headers: { authorization: `Bearer ${tokens['BC-0401001']}` },
    });
    expect(self.statusCode).toBe(200);
    expect(self.json().device.uniqueId).toBe('BC-0401001');

    // Each area's outline in PostGIS covers exactly its cells.
    const { rows } = await database.pool.query(`
      SELECT a.code, abs(ST_Area(a.geom::geography) - sum(ST_Area(c.geom::geography))) / ST_Area(a.geom::geography) AS diff
      FROM grid_areas a JOIN grid_cells c ON c.area_id = a.id GROUP BY a.id`);
    for (const row of rows) expect(Number(row.diff)).toBeLessThan(1e-6);
    // About 9 km² in all.
    const [{ km2 }] = (
      await database.pool.query('SELECT sum(ST_Area(geom::geography)) / 1e6 AS km2 FROM grid_cells')
    ).rows;
    expect(Number(km2)).toBeCloseTo(9, 0);

    // Officers of every area on duty now, available for dispatch; a target in every cell.
    const duty = (await app.inject({ url: '/api/duty', headers })).json<
      Array<{ areaId: string; status: string }>
    >();
    expect(duty).toHaveLength(8);
    expect(new Set(duty.map((officer) => officer.areaId)).size).toBe(4);
    expect(duty.every((officer) => officer.status === 'available')).toBe(true);
    const targets = (await app.inject({ url: '/api/inspection-targets', headers })).json<
      Array<{ gridCellId: string | null }>
    >();
    expect(targets).toHaveLength(27);
    expect(new Set(targets.map((target) => target.gridCellId)).size).toBe(27);
  });

  it('does not seed twice, and prints no credentials on a normal restart', async () => {
    const again = await seedOnFirstStart(database.db, app.services, configWith({}), log);
    expect(again).toEqual({ adminCredentials: null, seededTown: false, demoDeviceTokens: null });
    const [{ n }] = (await database.pool.query('SELECT count(*)::int AS n FROM grid_cells')).rows;
    expect(n).toBe(27);
  });

  it('ADMIN_PASSWORD resets a lost administrator password, audited', async () => {
    const reset = await seedOnFirstStart(
      database.db,
      app.services,
      configWith({ ADMIN_PASSWORD: 'a new long password' }),
      log,
    );
    expect(reset.adminCredentials).toEqual({
      username: 'admin',
      password: 'a new long password',
      generated: false,
    });
    expect((await login('a new long password')).statusCode).toBe(200);
    const { rows } = await database.pool.query(
      "SELECT details FROM audit_log WHERE action = 'user.password-reset'",
    );
    expect(rows).toEqual([{ details: { source: 'ADMIN_PASSWORD' } }]);
    // The same password again is not another reset.
    const same = await seedOnFirstStart(
      database.db,
      app.services,
      configWith({ ADMIN_PASSWORD: 'a new long password' }),
      log,
    );
    expect(same.adminCredentials).toBeNull();
  });
});
