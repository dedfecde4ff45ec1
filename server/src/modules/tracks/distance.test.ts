import { describe, expect, it } from 'vitest';
import { haversineMetres, trackDistance } from './distance';
import { detectStops } from './stops';
import { syntheticTrack } from './synthetic-tracks';
import { fromArrays } from './track-points';

const ORIGIN = { lat: 40.805, lon: 111.6005 };

describe('haversineMetres', () => {
  it('measures known distances on the sphere', () => {
    expect(haversineMetres(40, 111, 41, 111)).toBeCloseTo(111_195, -1);
    expect(haversineMetres(0, 0, 0, 1)).toBeCloseTo(111_195, -1);
    // A degree of longitude shrinks with the cosine of the latitude.
    expect(haversineMetres(60, 10, 60, 11)).toBeCloseTo(55_597, -1);
    // Paris to London, about 343.5 km.
    expect(haversineMetres(48.8566, 2.3522, 51.5074, -0.1278) / 1000).toBeCloseTo(343.5, 0);
  });

  it('is symmetric, zero for the same point, and stable for antipodes', () => {
    expect(haversineMetres(40.8, 111.6, 40.81, 111.62)).toBe(haversineMetres(40.81, 111.62, 40.8, 111.6));
    expect(haversineMetres(40.8, 111.6, 40.8, 111.6)).toBe(0);
    expect(haversineMetres(0, 0, 0, 180)).toBeCloseTo(Math.PI * 6_371_008.8, 0);
  });
});

describe('trackDistance', () => {
  it('sums a straight walk: 10 min east at 1.4 m/s is 840 m', () => {
    const { points } = syntheticTrack({
      origin: ORIGIN,
      legs: [{ seconds: 601, eastMps: 1.4, northMps: 0 }],
    });
    expect(trackDistance(points)).toBeCloseTo(840, 0);
  });

  it('is zero for no point, one point, or a track that never moves', () => {
    expect(trackDistance(fromArrays([]))).toBe(0);
    expect(trackDistance(fromArrays([{ ...ORIGIN, t: 0 }]))).toBe(0);
    const still = fromArrays(Array.from({ length: 5 }, (_, i) => ({ ...ORIGIN, t: i * 1000 })));
    expect(trackDistance(still)).toBe(0);
  });

  it('measures the single leg of a two-point track', () => {
    const two = fromArrays([
      { lat: 40, lon: 111, t: 0 },
      { lat: 41, lon: 111, t: 1000 },
    ]);
    expect(trackDistance(two)).toBeCloseTo(111_195, -1);
  });

  it('leaves out the jitter of a stop when given the stops, and only that', () => {
    // 5 min walk, 10 min stop with 5 m jitter, 5 min walk: 2 × 300 s × 1.4 m/s = 840 m.
    const { points } = syntheticTrack({
      origin: ORIGIN,
      legs: [
        { seconds: 301, eastMps: 1.4, northMps: 0 },
        { seconds: 600, jitterMetres: 5 },
        { seconds: 300, eastMps: 1.4, northMps: 0 },
      ],
    });
    const stops = detectStops(points, { radiusMetres: 30, minDurationMs: 5 * 60_000 });
    expect(stops).toHaveLength(1);
    // Every jittery fix a few metres from the last: thousands of metres of "travel".
    expect(trackDistance(points)).toBeGreaterThan(3000);
    // The walk through the 30 m radius on either side is inside the stop too.
    const travelled = trackDistance(points, stops);
    expect(travelled).toBeGreaterThan(840 - 2 * 30 - 10);
    expect(travelled).toBeLessThan(840 + 10);
  });
});
