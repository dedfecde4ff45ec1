// Monthly partitions: created ahead, late fixes from an uncovered month moved in when its
// partition is created, whole months dropped past retention, and tracks read from the index.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PositionPartitions } from '../src/modules/positions/position-partitions';
import { goodFixesQuery } from '../src/modules/tracks/tracks-service';
import { createTestDatabase } from './helpers/test-database';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = database.pool;
});
afterAll(() => database.close());

async function countIn(table: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

async function insertFix(fixTime: string): Promise<void> {
  await pool.query(
    `INSERT INTO positions (device_id, fix_time, geom) VALUES (gen_random_uuid(), $1, ST_SetSRID(ST_MakePoint(111.6, 40.8), 4326))`,
    [fixTime],
  );
}

describe('position partitions', () => {
  it('creates last month, this month and the next two', async () => {
    const partitions = new PositionPartitions(pool, null, pino({ level: 'silent' }));
    await partitions.maintain(new Date('2026-11-23T12:00:00Z'));
    expect(await partitions.monthlyPartitions()).toEqual([
      'positions_2026_10',
      'positions_2026_11',
      'positions_2026_12',
      'positions_2027_01',
    ]);
    await insertFix('2026-11-23T12:00:00Z');
    expect(await countIn('positions_2026_11')).toBe(1);
  });

  it('moves fixes of an uncovered month out of the default partition when its month is created', async () => {
    await insertFix('2025-03-10T08:00:00Z');
    await insertFix('2025-03-31T23:59:59.999Z');
    expect(await countIn('positions_default')).toBe(2);
    await pool.query(`SELECT positions_ensure_month('2025-03-01')`);
    expect(await countIn('positions_2025_03')).toBe(2);
    expect(await countIn('positions_default')).toBe(0);
    expect(await countIn('positions')).toBe(3);
  });

  it('drops whole months past retention and keeps the rest', async () => {
    const partitions = new PositionPartitions(pool, 12, pino({ level: 'silent' }));
    await partitions.maintain(new Date('2026-11-23T12:00:00Z'));
    const names = await partitions.monthlyPartitions();
    expect(names).not.toContain('positions_2025_03');
    expect(names).toContain('positions_2026_10');
    expect(await countIn('positions')).toBe(1);
  });
});

describe('an officer track', () => {
  it("comes from the index alone once a vacuum has been, among other officers' fixes", async () => {
    const officerId = randomUUID();
    await pool.query(
      `INSERT INTO positions (device_id, officer_id, fix_time, geom)
       SELECT d.device, d.officer, timestamptz '2026-11-20 08:00Z' + s * interval '1 second',
              ST_SetSRID(ST_MakePoint(111.6 + s * 1e-5, 40.8), 4326)
       FROM generate_series(0, 1999) s,
            (SELECT $1::uuid, $2::uuid UNION ALL SELECT gen_random_uuid(), gen_random_uuid() FROM generate_series(1, 20)) AS d(device, officer)
       ORDER BY s`,
      [randomUUID(), officerId],
    );
    await pool.query('VACUUM ANALYZE positions');
    const { rows } = await pool.query<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (FORMAT JSON) ${goodFixesQuery('officer_id')}`,
      [officerId, Date.parse('2026-11-20T08:00Z'), Date.parse('2026-11-20T09:00Z')],
    );
    const plan = JSON.stringify(rows[0]!['QUERY PLAN']);
    expect(plan).toContain('"Node Type":"Index Only Scan"');
    expect(plan).not.toContain('"Node Type":"Sort"');

    // Insert-only partitions are vacuumed every million new fixes, not at 20 % of their size.
    const { rows: settings } = await pool.query<{ relname: string; reloptions: string[] | null }>(
      `SELECT c.relname, c.reloptions FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'positions'::regclass ORDER BY c.relname`,
    );
    expect(settings.length).toBeGreaterThan(1);
    for (const partition of settings) {
      expect(partition.reloptions, partition.relname).toContain('autovacuum_vacuum_insert_threshold=1000000');
    }
  });
});
