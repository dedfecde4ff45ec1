import { describe, expect, it } from 'vitest';
import { decodeLineStringM, fromArrays, inTimeOrder } from './track-points';

const ISO_LINESTRING_M = 2002;
const EWKB_LINESTRING_M = 0x40000002;
const EWKB_SRID_FLAG = 0x20000000;

/** Writes a LineStringM the way PostGIS does: [lon, lat, epoch seconds] per point. */
function encode(
  points: ReadonlyArray<readonly [number, number, number]>,
  { little = true, type = ISO_LINESTRING_M, srid }: { little?: boolean; type?: number; srid?: number } = {},
): Buffer {
  const header = 1 + 4 + (srid === undefined ? 0 : 4) + 4;
  const buffer = Buffer.alloc(header + points.length * 24);
  const u32 = (value: number, at: number) =>
    little ? buffer.writeUInt32LE(value, at) : buffer.writeUInt32BE(value, at);
  const f64 = (value: number, at: number) =>
    little ? buffer.writeDoubleLE(value, at) : buffer.writeDoubleBE(value, at);
  buffer.writeUInt8(little ? 1 : 0, 0);
  let offset = 1;
  u32(srid === undefined ? type : type | EWKB_SRID_FLAG, offset);
  offset += 4;
  if (srid !== undefined) {
    u32(srid, offset);
    offset += 4;
  }
  u32(points.length, offset);
  offset += 4;
  for (const point of points) {
    for (const value of point) {
      f64(value, offset);
      offset += 8;
    }
  }
  return buffer;
}

const FIXES = [
  [111.6005, 40.805, 1_795_395_600],
  [111.6012, 40.8051, 1_795_395_601.5],
  [111.6019, 40.8049, 1_795_395_603],
] as const;

describe('decodeLineStringM', () => {
  it.each([
    { form: 'ISO WKB, little-endian', little: true, type: ISO_LINESTRING_M, srid: undefined },
    { form: 'ISO WKB, big-endian', little: false, type: ISO_LINESTRING_M, srid: undefined },
    { form: 'EWKB, little-endian', little: true, type: EWKB_LINESTRING_M, srid: undefined },
    { form: 'EWKB with SRID 4326, big-endian', little: false, type: EWKB_LINESTRING_M, srid: 4326 },
    { form: 'EWKB with SRID 4326, little-endian', little: true, type: EWKB_LINESTRING_M, srid: 4326 },
  ])('reads $form, M seconds as ms', (options) => {
    const points = decodeLineStringM(encode(FIXES, options));
    expect(points.length).toBe(3);
    expect(Array.from(points.lon)).toEqual([111.6005, 111.6012, 111.6019]);
    expect(Array.from(points.lat)).toEqual([40.805, 40.8051, 40.8049]);
    expect(Array.from(points.t)).toEqual([1_795_395_600_000, 1_795_395_601_500, 1_795_395_603_000]);
  });

  it('reads a Uint8Array that is a slice of a larger buffer, as pg hands them out', () => {
    const wkb = encode(FIXES);
    const pool = new Uint8Array(wkb.length + 11);
    pool.set(wkb, 7);
    const points = decodeLineStringM(pool.subarray(7, 7 + wkb.length));
    expect(points.t[2]).toBe(1_795_395_603_000);
  });

  it('reads empty and one-point lines', () => {
    expect(decodeLineStringM(encode([])).length).toBe(0);
    const one = decodeLineStringM(encode([FIXES[0]], { little: false }));
    expect([one.length, one.lon[0], one.lat[0], one.t[0]]).toEqual([1, 111.6005, 40.805, 1_795_395_600_000]);
  });

  it('reads a day at 1 Hz', () => {
    const day = Array.from(
      { length: 86_400 },
      (_, i) => [111.6 + i * 1e-6, 40.8, 1_795_395_600 + i] as const,
    );
    const points = decodeLineStringM(encode(day, { type: EWKB_LINESTRING_M, srid: 4326 }));
    expect(points.length).toBe(86_400);
    expect(points.lon[86_399]).toBeCloseTo(111.6 + 0.086_399, 9);
    expect(points.t[86_399]).toBe((1_795_395_600 + 86_399) * 1000);
  });

  it('refuses what is not a 2-D LineStringM instead of misreading it', () => {
    expect(() => decodeLineStringM(encode([], { type: 1 }))).toThrow(/not a LineStringM/);
    // XYZM, ISO and EWKB: 32 bytes a point, would be read as garbage with a 24-byte stride.
    expect(() => decodeLineStringM(encode(FIXES, { type: 3002 }))).toThrow(/not a LineStringM/);
    expect(() => decodeLineStringM(encode(FIXES, { type: 0xc0000002 }))).toThrow(/not a LineStringM/);
    // Plain 2-D LineString: no time.
    expect(() => decodeLineStringM(encode([], { type: 2 }))).toThrow(/not a LineStringM/);
  });

  it('refuses damaged input with a reason', () => {
    const wkb = encode(FIXES);
    expect(() => decodeLineStringM(new Uint8Array())).toThrow(/too short/);
    expect(() => decodeLineStringM(wkb.subarray(0, wkb.length - 8))).toThrow(/needs 81 bytes, got 73/);
    expect(() => decodeLineStringM(Buffer.concat([wkb, Buffer.alloc(1)]))).toThrow(/needs 81 bytes/);
    const badOrder = Buffer.from(wkb);
    badOrder.writeUInt8(2, 0);
    expect(() => decodeLineStringM(badOrder)).toThrow(/byte order/);
    const sridCut = encode([], { type: EWKB_LINESTRING_M, srid: 4326 }).subarray(0, 11);
    expect(() => decodeLineStringM(sridCut)).toThrow(/too short/);
  });
});

describe('fromArrays', () => {
  it('builds the same columns as the decoder', () => {
    const points = fromArrays(FIXES.map(([lon, lat, seconds]) => ({ lon, lat, t: seconds * 1000 })));
    expect(points).toEqual(decodeLineStringM(encode(FIXES)));
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
