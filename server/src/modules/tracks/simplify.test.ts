import { describe, expect, it } from 'vitest';
import { simplify, toleranceForZoom } from './simplify';
import { offsetMetres, syntheticTrack } from './synthetic-tracks';
import { fromArrays, type TrackPoints } from './track-points';

const ORIGIN = { lat: 40.805, lon: 111.6005 };

/** A track through points given in metres east/north of `origin`, one second apart. */
function through(metres: ReadonlyArray<readonly [number, number]>, origin = ORIGIN): TrackPoints {
  return fromArrays(
    metres.map(([east, north], i) => ({ ...offsetMetres(origin, east, north), t: i * 1000 })),
  );
}

/**
 * The largest distance, in metres, from a dropped point to the kept segment that replaces it
 * (a flat approximation, independent of the one under test).
 */
function worstDeviation(points: TrackPoints, kept: Uint32Array): number {
  const metresPerDegree = 111_195;
  const xScale = metresPerDegree * Math.cos((points.lat[0]! * Math.PI) / 180);
  const xy = (i: number) => [points.lon[i]! * xScale, points.lat[i]! * metresPerDegree] as const;
  let worst = 0;
  for (let k = 1; k < kept.length; k += 1) {
    const [ax, ay] = xy(kept[k - 1]!);
    const [bx, by] = xy(kept[k]!);
    for (let i = kept[k - 1]! + 1; i < kept[k]!; i += 1) {
      const [px, py] = xy(i);
      const length2 = (bx - ax) ** 2 + (by - ay) ** 2;
      const along =
        length2 === 0
          ? 0
          : Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length2));
      worst = Math.max(worst, Math.hypot(px - ax - along * (bx - ax), py - ay - along * (by - ay)));
    }
  }
  return worst;
}

describe('toleranceForZoom', () => {
  it('is one pixel of a 512-px tile: 78 km at zoom 0 on the equator, halving per zoom', () => {
    expect(toleranceForZoom(0, 0)).toBeCloseTo(78_271.5, 0);
    expect(toleranceForZoom(1, 0)).toBeCloseTo(39_135.8, 0);
    // Street level in Hohhot: under half a metre; a whole town on screen: about 15 m.
    expect(toleranceForZoom(17, 40.8)).toBeCloseTo(0.45, 2);
    expect(toleranceForZoom(12, 40.8)).toBeCloseTo(14.5, 1);
  });

  it('shrinks towards the poles as Mercator stretches', () => {
    expect(toleranceForZoom(10, 60)).toBeCloseTo(toleranceForZoom(10, 0) / 2, 6);
  });

  it('is 0, keep everything, without a zoom', () => {
    expect(toleranceForZoom(undefined, 40.8)).toBe(0);
  });
});

describe('simplify', () => {
  it('reduces a straight walk to its two ends', () => {
    const { points } = syntheticTrack({
      origin: ORIGIN,
      legs: [{ seconds: 600, eastMps: 1.4, northMps: 0.3 }],
    });
    expect(Array.from(simplify(points, 1))).toEqual([0, 599]);
  });

  it('keeps the corner of a walk that turns', () => {
    const { points } = syntheticTrack({
      origin: ORIGIN,
      legs: [
        { seconds: 300, eastMps: 1.4, northMps: 0 },
        { seconds: 300, eastMps: 0, northMps: 1.4 },
      ],
    });
    expect(Array.from(simplify(points, 2))).toEqual([0, 299, 599]);
  });

  it('keeps the turning point of a patrol that doubles back along its own line', () => {
    // East 500 m, then back west 250 m: every point is on the line through the two ends.
    const out = Array.from({ length: 11 }, (_, i) => [i * 50, 0] as const);
    const back = Array.from({ length: 5 }, (_, i) => [450 - i * 50, 0] as const);
    expect(Array.from(simplify(through([...out, ...back]), 5))).toEqual([0, 10, 15]);
  });

  it('drops what is within the tolerance in metres and keeps what is beyond, east–west too', () => {
    // At 60° N a degree of longitude is half as long; the tolerance must still be metres.
    const north60 = { lat: 60, lon: 10 };
    // 1 km legs north and east, each with a 9 m bump sideways at its middle.
    const northward = through(
      [
        [0, 0],
        [9, 500],
        [0, 1000],
      ],
      north60,
    );
    const eastward = through(
      [
        [0, 0],
        [500, 9],
        [1000, 0],
      ],
      north60,
    );
    for (const track of [northward, eastward]) {
      expect(Array.from(simplify(track, 10))).toEqual([0, 2]);
      expect(Array.from(simplify(track, 8))).toEqual([0, 1, 2]);
    }
  });

  it('handles 0, 1 and 2 points, and a track that never moves', () => {
    expect(Array.from(simplify(fromArrays([]), 10))).toEqual([]);
    expect(Array.from(simplify(through([[0, 0]]), 10))).toEqual([0]);
    expect(
      Array.from(
        simplify(
          through([
            [0, 0],
            [0, 0],
          ]),
          10,
        ),
      ),
    ).toEqual([0, 1]);
    const still = through(Array.from({ length: 50 }, () => [0, 0] as const));
    expect(Array.from(simplify(still, 10))).toEqual([0, 49]);
  });

  it('keeps every point with tolerance 0 (no zoom)', () => {
    const { points } = syntheticTrack({ origin: ORIGIN, legs: [{ seconds: 100, eastMps: 1, northMps: 0 }] });
    expect(simplify(points, toleranceForZoom(undefined, ORIGIN.lat))).toEqual(
      Uint32Array.from({ length: 100 }, (_, i) => i),
    );
  });

  it('shrinks a day at 1 Hz sensibly per zoom, within one pixel of the original', () => {
    // A day's beat: 48 half-hour loops round a 500 m block, each with a 6-minute stop (5 m jitter).
    const block = [
      { seconds: 360, eastMps: 1.4, northMps: 0 },
      { seconds: 360, eastMps: 0, northMps: 1.4 },
      { seconds: 360, eastMps: -1.4, northMps: 0 },
      { seconds: 360, eastMps: 0, northMps: -1.4 },
      { seconds: 360, jitterMetres: 5 },
    ];
    const { points } = syntheticTrack({
      origin: ORIGIN,
      legs: Array.from({ length: 48 }, () => block).flat(),
    });
    expect(points.length).toBe(86_400);

    const street = simplify(points, toleranceForZoom(17, ORIGIN.lat));
    const town = simplify(points, toleranceForZoom(12, ORIGIN.lat));
    // Zoomed out the jitter and the straight legs go: a few points per loop.
    expect(town.length).toBeLessThan(48 * 20);
    expect(town.length).toBeGreaterThanOrEqual(48 * 4);
    // At street level the jitter is visible and stays (a fifth of the day); the straight legs go.
    expect(street.length).toBeGreaterThan(10 * town.length);
    expect(street.length).toBeLessThan(points.length / 2);
    for (const [kept, zoom] of [
      [street, 17],
      [town, 12],
    ] as const) {
      expect([kept[0], kept.at(-1)]).toEqual([0, 86_399]);
      expect(kept.every((index, k) => k === 0 || index > kept[k - 1]!)).toBe(true);
      expect(worstDeviation(points, kept)).toBeLessThan(toleranceForZoom(zoom, ORIGIN.lat) * 1.01);
    }
  });
});
