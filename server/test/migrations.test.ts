// The schema as migrated into a real PostGIS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { migrateDatabase } from '../src/db/migrate';
import { createTestDatabase } from './helpers/test-database';

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const query = async <T>(text: string) => (await database.pool.query(text)).rows as T[];

  it('creates every table of the data model', async () => {
    const tables = (
      await query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ).map((row) => row.tablename);
    expect(tables).toEqual(
      expect.arrayContaining([
        'users',
        'sessions',
        'officers',
        'devices',
        'grid_areas',
        'grid_cells',
        'streets',
        'positions',
        'latest_positions',
        'tasks',
        'task_events',
        'task_assignments',
        'streams',
        'recordings',
        'recording_segments',
        'alerts',
        'audit_log',
      ]),
    );
  });

  it('has PostGIS, spatial indexes, and positions partitioned by fix time', async () => {
    const [version] = await query<{ v: string }>('SELECT postgis_lib_version() AS v');
    expect(version!.v).toMatch(/^3\./);
    const gist = (
      await query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%'",
      )
    ).map((row) => row.indexname);
    expect(gist).toEqual(
      expect.arrayContaining(['grid_cells_geom_gist', 'latest_positions_geom_gist', 'streets_geom_gist']),
    );
    const [partitioning] = await query<{ strategy: string; key: string }>(
      "SELECT partstrat AS strategy, pg_get_partkeydef('positions'::regclass) AS key FROM pg_partitioned_table WHERE partrelid = 'positions'::regclass",
    );
    expect(partitioning).toEqual({ strategy: 'r', key: 'RANGE (fix_time)' });
  });

  it('stores a position once per device and fix time', async () => {
    await database.pool.query(
      "INSERT INTO devices (id, kind, name, unique_id) VALUES ('11111111-1111-4111-8111-111111111111', 'phone', 'p', 'P-1')",
    );
    const insert = `INSERT INTO positions (device_id, fix_time, geom) VALUES ('11111111-1111-4111-8111-111111111111',
      '2026-11-23T08:00:00.123Z', ST_SetSRID(ST_MakePoint(111.67, 40.81), 4326)) ON CONFLICT DO NOTHING`;
    await database.pool.query(insert);
    await database.pool.query(insert);
    const [row] = await query<{ n: number }>('SELECT count(*)::int AS n FROM positions');
    expect(row!.n).toBe(1);
  });

  it('running the migrations again changes nothing', async () => {
    const before = await query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    await migrateDatabase(database, pino({ level: 'silent' }));
    const after = await query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    expect(after).toEqual(before);
    expect(before[0]!.n).toBeGreaterThanOrEqual(2);
  });
});
