// Monthly partitions: created ahead, late fixes from an uncovered month moved in when its
// partition is created, and whole months dropped past retention.
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PositionPartitions } from '../src/modules/positions/position-partitions';
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
