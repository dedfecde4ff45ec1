import { describe, expect, it } from 'vitest';
import { decodePackedFixes, fromArrays, inTimeOrder, PACKED_FIX_BYTES } from './track-points';

const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

/** Packs fixes as the track query does: float8send(lon) || float8send(lat) || timestamptz_send(t). */
function pack(fixes: ReadonlyArray<{ lon: number; lat: number; t: number }>): Buffer {
  const buffer = Buffer.alloc(fixes.length * PACKED_FIX_BYTES);
  fixes.forEach((fix, i) => {
    const at = i * PACKED_FIX_BYTES;
    buffer.writeDoubleBE(fix.lon, at);
    buffer.writeDoubleBE(fix.lat, at + 8);
    buffer.writeBigInt64BE(BigInt(Math.round((fix.t - POSTGRES_EPOCH_MS) * 1000)), at + 16);
  });
  return buffer;
}

const FIXES = [
  { lon: 111.6005, lat: 40.805, t: Date.parse('2026-11-22T08:00:00.000Z') },
  { lon: 111.6012, lat: 40.8051, t: Date.parse('2026-11-22T08:00:01.500Z') },
  { lon: 111.6019, lat: 40.8049, t: Date.parse('2026-11-22T08:00:03.001Z') },
];

describe('decodePackedFixes', () => {
  it('reads lon, lat and the fix time to the millisecond', () => {
    const points = decodePackedFixes(pack(FIXES));
    expect(points.length).toBe(3);
    expect(Array.from(points.lon)).toEqual(FIXES.map((fix) => fix.lon));
    expect(Array.from(points.lat)).toEqual(FIXES.map((fix) => fix.lat));
    expect(Array.from(points.t)).toEqual(FIXES.map((fix) => fix.t));
  });

  it('reads a value that is a slice of a larger buffer, as pg hands them out', () => {
    const packed = pack(FIXES);
    const pool = Buffer.concat([Buffer.alloc(7), packed, Buffer.alloc(5)]);
    const points = decodePackedFixes(pool.subarray(7, 7 + packed.length));
    expect(Array.from(points.t)).toEqual(FIXES.map((fix) => fix.t));
  });

  it('reads times before 2000 (a negative count) and a whole day at 1 Hz', () => {
    const old = decodePackedFixes(pack([{ lon: 1, lat: 2, t: Date.parse('1999-12-31T23:59:59.250Z') }]));
    expect(old.t[0]).toBe(Date.parse('1999-12-31T23:59:59.250Z'));
    const start = Date.parse('2026-11-22T00:00:00Z');
    const day = Array.from({ length: 86_400 }, (_, i) => ({
      lon: 111 + i * 1e-6,
      lat: 40,
      t: start + i * 1000,
    }));
    const points = decodePackedFixes(pack(day));
    expect(points.length).toBe(86_400);
    expect(points.t[86_399]).toBe(start + 86_399_000);
    expect(points.lon[86_399]).toBe(day[86_399]!.lon);
  });

  it('reads nothing as an empty track and refuses a cut value', () => {
    expect(decodePackedFixes(new Uint8Array()).length).toBe(0);
    const packed = pack(FIXES);
    expect(() => decodePackedFixes(packed.subarray(0, packed.length - 8))).toThrow(
      /multiple of 24 bytes, got 64/,
    );
  });
});

describe('fromArrays', () => {
  it('builds the same columns as the decoder', () => {
    expect(fromArrays(FIXES)).toEqual(decodePackedFixes(pack(FIXES)));
    expect(fromArrays([]).length).toBe(0);
  });
});

describe('inTimeOrder', () => {
  it('returns a sorted track as it is and sorts one that is not', () => {
    const sorted = fromArrays([
      { lon: 1, lat: 10, t: 1000 },
      { lon: 2, lat: 20, t: 2000 },
    ]);
    expect(inTimeOrder(sorted)).toBe(sorted);
    const shuffled = fromArrays([
      { lon: 2, lat: 20, t: 2000 },
      { lon: 3, lat: 30, t: 3000 },
      { lon: 1, lat: 10, t: 1000 },
    ]);
    const fixed = inTimeOrder(shuffled);
    expect(Array.from(fixed.t)).toEqual([1000, 2000, 3000]);
    expect(Array.from(fixed.lon)).toEqual([1, 2, 3]);
    expect(Array.from(fixed.lat)).toEqual([10, 20, 30]);
  });
});
