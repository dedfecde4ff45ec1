// The grouping logic of the writer, around a fake database (the real one is exercised by
// server/test/positions-ingest.test.ts): what goes into one transaction, and who gets what back.
import type { LivePosition } from '@fcc/shared';
import type pg from 'pg';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type {
  AdvancedPosition,
  DeviceBatch,
  FixRow,
  LatestFix,
  PositionsRepository,
  SkippedFix,
} from './positions-repository';
import { PositionWriter } from './position-writer';

const row = (timeMs: number, flags = 0): FixRow => ({
  timeMs,
  lat: 40.8,
  lon: 111.6,
  accuracy: null,
  speed: null,
  heading: null,
  altitude: null,
  battery: null,
  flags,
});

/** A database that records statements and stores fixes in a set keyed by device and time. */
function fakeDatabase(options: { failWhen?: (batches: readonly DeviceBatch[]) => boolean } = {}) {
  const stored = new Set<string>();
  const transactions: string[][] = [];
  let current: string[] = [];
  const client = {
    query: (text: string) => {
      if (text === 'BEGIN') current = [];
      if (text === 'COMMIT') transactions.push(current);
      return Promise.resolve({ rows: [] });
    },
    release: () => undefined,
  };
  const pool = { connect: () => Promise.resolve(client) } as unknown as pg.Pool;
  const repository = {
    insertFixes: (_client: unknown, batches: readonly DeviceBatch[]): Promise<SkippedFix[]> => {
      current.push(`insert ${batches.length}`);
      if (options.failWhen?.(batches)) return Promise.reject(new Error('constraint violated'));
      const skipped: SkippedFix[] = [];
      const before = new Set(stored);
      batches.forEach(({ device, rows }, batch) =>
        rows.forEach((fix, index) => {
          const key = `${device.id}@${fix.timeMs}`;
          if (before.has(key)) skipped.push({ batch, fix: index });
          stored.add(key);
        }),
      );
      return Promise.resolve(skipped);
    },
    advanceLatest: (_client: unknown, fixes: readonly LatestFix[]): Promise<AdvancedPosition[]> => {
      current.push(`advance ${fixes.map((fix) => `${fix.officerId}@${fix.timeMs}`).join(',')}`);
      return Promise.resolve(
        fixes.map((fix) => ({
          position: { officerId: fix.officerId, fixTime: new Date(fix.timeMs).toISOString() } as LivePosition,
          previousCellId: null,
          previousAreaId: null,
        })),
      );
    },
  } as unknown as PositionsRepository;
  const writer = new PositionWriter(
    pool,
    repository,
    { concurrency: 1, maxGroupRows: 100 },
    pino({ level: 'silent' }),
  );
  return { writer, transactions };
}

describe('PositionWriter', () => {
  it('writes batches that arrive together in one transaction, each with its own result', async () => {
    const { writer, transactions } = fakeDatabase();
    const [a, b] = await Promise.all([
      writer.write({ id: 'dev-a', officerId: 'off-a' }, [row(1000), row(2000)]),
      writer.write({ id: 'dev-b', officerId: 'off-b' }, [row(1500)]),
    ]);
    expect(transactions).toEqual([['insert 2', 'advance off-a@2000,off-b@1500']]);
    expect(a.stored.map((fix) => fix.timeMs)).toEqual([1000, 2000]);
    expect(a.advanced?.position.officerId).toBe('off-a');
    expect(b.stored.map((fix) => fix.timeMs)).toEqual([1500]);
    expect(b.advanced?.position.officerId).toBe('off-b');
  });

  it('counts a fix repeated by two batches of one device for the first batch only', async () => {
    const { writer } = fakeDatabase();
    const device = { id: 'dev-a', officerId: 'off-a' };
    const [first, resent] = await Promise.all([
      writer.write(device, [row(1000), row(2000)]),
      writer.write(device, [row(2000), row(3000)]),
    ]);
    expect(first.stored.map((fix) => fix.timeMs)).toEqual([1000, 2000]);
    expect(resent.stored.map((fix) => fix.timeMs)).toEqual([3000]);
    // The officer's newest fix came with the second batch, so that batch announces it.
    expect(first.advanced).toBeUndefined();
    expect(resent.advanced?.position.fixTime).toBe(new Date(3000).toISOString());
  });

  it('leaves out fixes stored before, and never offers an outlier as the latest position', async () => {
    const { writer, transactions } = fakeDatabase();
    const device = { id: 'dev-a', officerId: 'off-a' };
    await writer.write(device, [row(1000)]);
    const again = await writer.write(device, [row(1000), row(2000), row(3000, 1)]);
    expect(again.stored.map((fix) => fix.timeMs)).toEqual([2000, 3000]);
    expect(transactions[1]).toEqual(['insert 1', 'advance off-a@2000']);
  });

  it('offers no latest position for a device without an officer', async () => {
    const { writer, transactions } = fakeDatabase();
    const result = await writer.write({ id: 'spare', officerId: null }, [row(1000)]);
    expect(result.stored).toHaveLength(1);
    expect(result.advanced).toBeUndefined();
    expect(transactions).toEqual([['insert 1']]);
  });

  it('when a group fails, writes its batches one by one so only the faulty one fails', async () => {
    const { writer, transactions } = fakeDatabase({
      failWhen: (batches) => batches.some(({ device }) => device.id === 'deleted'),
    });
    const results = await Promise.allSettled([
      writer.write({ id: 'dev-a', officerId: 'off-a' }, [row(1000)]),
      writer.write({ id: 'deleted', officerId: 'off-x' }, [row(1000)]),
      writer.write({ id: 'dev-b', officerId: 'off-b' }, [row(1000)]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(transactions).toEqual([
      ['insert 1', 'advance off-a@1000'],
      ['insert 1', 'advance off-b@1000'],
    ]);
  });

  it('splits a group that would exceed the row limit', async () => {
    const { writer, transactions } = fakeDatabase();
    const many = Array.from({ length: 60 }, (_, i) => row(i * 1000));
    await Promise.all([
      writer.write({ id: 'dev-a', officerId: null }, many),
      writer.write({ id: 'dev-b', officerId: null }, many),
    ]);
    expect(transactions).toEqual([['insert 1'], ['insert 1']]);
  });
});
