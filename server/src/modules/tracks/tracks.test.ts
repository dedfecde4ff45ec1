import { describe, expect, it } from 'vitest';
import { haversineMetres, trackDistance } from './distance';
import { toGpx } from './gpx';
import { simplify, toleranceForZoom } from './simplify';
import { detectStops } from './stops';
import { decodeLineStringM, fromArrays } from './track-points';

/** A day at 1 Hz: a slow zig-zag walk. */
function day() {
  return fromArrays(
    Array.from({ length: 86_400 }, (_, i) => ({
      lon: 111.6 + i * 0.000005,
      lat: 40.8 + 0.001 * Math.sin(i / 600),
      t: Date.UTC(2026, 10, 23) + i * 1000,
    })),
  );
}

describe('track points', () => {
  it('decodes ISO WKB and EWKB (with SRID) LineStringM, M in epoch seconds', () => {
    const encode = (header: number[], little: boolean) => {
      const buffer = Buffer.alloc(header.length + 4 + 2 * 24);
      header.forEach((byte, i) => buffer.writeUInt8(byte, i));
      const write = (value: number, at: number) =>
        little ? buffer.writeDoubleLE(value, at) : buffer.writeDoubleBE(value, at);
      if (little) buffer.writeUInt32LE(2, header.length);
      else buffer.writeUInt32BE(2, header.length);
      [111.6, 40.8, 1_795_420_800, 111.7, 40.9, 1_795_420_801].forEach((value, i) =>
        write(value, header.length + 4 + i * 8),
      );
      return buffer;
    };
    const iso = encode([1, 0xd2, 0x07, 0, 0], true);
    const ewkbBigEndianSrid = encode([0, 0x60, 0, 0, 2, 0, 0, 0x10, 0xe6], false);
    for (const wkb of [iso, ewkbBigEndianSrid]) {
      const points = decodeLineStringM(wkb);
      expect(points.length).toBe(2);
      expect([points.lon[1], points.lat[1], points.t[1]]).toEqual([111.7, 40.9, 1_795_420_801_000]);
    }
    expect(() => decodeLineStringM(Buffer.from([1, 1, 0, 0, 0]))).toThrow(/LineStringM/);
  });
});

describe('distance', () => {
  it('measures a degree of latitude as about 111 km', () => {
    expect(haversineMetres(40, 111, 41, 111)).toBeCloseTo(111_195, -2);
  });
  it('is zero for no or one point', () => {
    expect(trackDistance(fromArrays([]))).toBe(0);
    expect(trackDistance(fromArrays([{ lon: 1, lat: 1, t: 0 }]))).toBe(0);
  });
});

describe('simplify', () => {
  it('keeps every point without a zoom, both ends always, and fewer when zoomed out', () => {
    const points = day();
    expect(simplify(points, 0)).toHaveLength(86_400);
    const street = simplify(points, toleranceForZoom(17, 40.8));
    const town = simplify(points, toleranceForZoom(12, 40.8));
    expect(town.length).toBeLessThan(street.length);
    expect(town.length).toBeLessThan(2000);
    expect([town[0], town.at(-1)]).toEqual([0, 86_399]);
  });
  it('handles tiny and degenerate tracks', () => {
    expect(Array.from(simplify(fromArrays([]), 10))).toEqual([]);
    expect(Array.from(simplify(fromArrays([{ lon: 1, lat: 1, t: 0 }]), 10))).toEqual([0]);
    const same = fromArrays(Array.from({ length: 5 }, (_, i) => ({ lon: 1, lat: 1, t: i })));
    expect(Array.from(simplify(same, 10))).toEqual([0, 4]);
  });
});

describe('stops', () => {
  it('finds a stay at the very end of the track', () => {
    const walk = Array.from({ length: 10 }, (_, i) => ({ lon: 111.6 + i * 0.001, lat: 40.8, t: i * 60_000 }));
    const stay = Array.from({ length: 10 }, (_, i) => ({ lon: 111.609, lat: 40.8, t: (10 + i) * 60_000 }));
    const stops = detectStops(fromArrays([...walk, ...stay]), {
      radiusMetres: 30,
      minDurationMs: 5 * 60_000,
    });
    expect(stops).toHaveLength(1);
    expect(stops[0]!.leftAtMs).toBe(19 * 60_000);
  });
  it('finds nothing in a steady walk, nor in an empty track', () => {
    const walk = Array.from({ length: 100 }, (_, i) => ({
      lon: 111.6 + i * 0.0005,
      lat: 40.8,
      t: i * 30_000,
    }));
    expect(detectStops(fromArrays(walk), { radiusMetres: 30, minDurationMs: 180_000 })).toEqual([]);
    expect(detectStops(fromArrays([]), { radiusMetres: 30, minDurationMs: 1 })).toEqual([]);
  });
});

describe('GPX', () => {
  it('escapes the name and writes one trkpt per point', () => {
    const gpx = toGpx({ name: 'Wang <"&">', points: fromArrays([{ lon: 111.6, lat: 40.8, t: 0 }]) });
    expect(gpx).toContain('<name>Wang &#60;&#34;&#38;&#34;&#62;</name>');
    expect(
      gpx.match(/<trkpt lat="40.8000000" lon="111.6000000"><time>1970-01-01T00:00:00.000Z<\/time>/),
    ).not.toBeNull();
  });
});
