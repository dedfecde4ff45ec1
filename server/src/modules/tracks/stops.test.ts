import { describe, expect, it } from 'vitest';
import { haversineMetres } from './distance';
import { detectStops } from './stops';
import { offsetMetres, syntheticTrack, type Leg } from './synthetic-tracks';
import { fromArrays } from './track-points';

const ORIGIN = { lat: 40.805, lon: 111.6005 };
const OPTIONS = { radiusMetres: 30, minDurationMs: 5 * 60_000 };
const WALK_MPS = 1.4;
const JITTER_METRES = 5;
/** Time to walk through the stop radius (give or take the jitter) at walking pace. */
const THROUGH_RADIUS_MS = ((OPTIONS.radiusMetres + JITTER_METRES) / WALK_MPS) * 1000;
const east = (seconds: number): Leg => ({ seconds, eastMps: WALK_MPS, northMps: 0 });
const stay = (seconds: number): Leg => ({ seconds, jitterMetres: JITTER_METRES });

describe('detectStops', () => {
  it('finds a 10-minute stop with 5 m jitter in a walk, where and when it happened', () => {
    const { points, legStartsMs } = syntheticTrack({
      origin: ORIGIN,
      legs: [east(300), stay(600), east(300)],
    });
    const stops = detectStops(points, OPTIONS);
    expect(stops).toHaveLength(1);
    const stop = stops[0]!;
    const where = offsetMetres(ORIGIN, 299 * WALK_MPS, 0);
    expect(haversineMetres(stop.lat, stop.lon, where.lat, where.lon)).toBeLessThan(3);
    const [, arrived, left] = legStartsMs as [number, number, number];
    expect(stop.arrivedAtMs).toBeLessThanOrEqual(arrived);
    expect(stop.arrivedAtMs).toBeGreaterThanOrEqual(arrived - THROUGH_RADIUS_MS);
    expect(stop.leftAtMs).toBeGreaterThanOrEqual(left - 1000);
    expect(stop.leftAtMs).toBeLessThanOrEqual(left + THROUGH_RADIUS_MS);
  });

  it('does not start a stop early however the walk in lines up with it', () => {
    // The run that reaches the stop may have begun anywhere up to 2 radii before it; the part
    // farther than the radius from the stop must not count as stopped.
    for (let before = 60; before < 120; before += 1) {
      const { points, legStartsMs } = syntheticTrack({
        origin: ORIGIN,
        legs: [east(before), stay(600), east(120)],
        seed: before,
      });
      const stops = detectStops(points, OPTIONS);
      expect(stops, `walking ${before} s first`).toHaveLength(1);
      expect(stops[0]!.arrivedAtMs).toBeGreaterThanOrEqual(legStartsMs[1]! - THROUGH_RADIUS_MS);
    }
  });

  it('finds nothing in a steady walk, however slow, nor a stay shorter than the minimum', () => {
    const stroll = syntheticTrack({ origin: ORIGIN, legs: [{ seconds: 3600, eastMps: 0.2, northMps: 0.1 }] });
    expect(detectStops(stroll.points, OPTIONS)).toEqual([]);
    const brief = syntheticTrack({ origin: ORIGIN, legs: [east(300), stay(200), east(300)] });
    expect(detectStops(brief.points, OPTIONS)).toEqual([]);
  });

  it('finds two stops apart, and one stop that drifts less than the radius', () => {
    const two = syntheticTrack({ origin: ORIGIN, legs: [stay(400), east(200), stay(400), east(60)] });
    const stops = detectStops(two.points, OPTIONS);
    expect(stops).toHaveLength(2);
    expect(stops[0]!.arrivedAtMs).toBe(two.legStartsMs[0]);
    expect(Math.abs(stops[1]!.arrivedAtMs - two.legStartsMs[2]!)).toBeLessThanOrEqual(THROUGH_RADIUS_MS);
    expect(haversineMetres(stops[0]!.lat, stops[0]!.lon, stops[1]!.lat, stops[1]!.lon)).toBeCloseTo(280, -1);
    // Pacing 20 m back and forth outside a door for 10 minutes is one stop.
    const pacing = syntheticTrack({
      origin: ORIGIN,
      legs: Array.from({ length: 20 }, (_, i) => ({
        seconds: 30,
        eastMps: i % 2 ? -0.66 : 0.66,
        northMps: 0,
      })),
    });
    expect(detectStops(pacing.points, OPTIONS)).toHaveLength(1);
  });

  it('finds a stop at the very start and at the very end of the track', () => {
    const { points, legStartsMs } = syntheticTrack({
      origin: ORIGIN,
      legs: [stay(600), east(300), stay(600)],
    });
    const stops = detectStops(points, OPTIONS);
    expect(stops).toHaveLength(2);
    expect(stops[0]!.arrivedAtMs).toBe(legStartsMs[0]);
    expect(stops[1]!.leftAtMs).toBe(points.t[points.length - 1]);
    expect(stops[1]!.leftAtMs - stops[1]!.arrivedAtMs).toBeGreaterThanOrEqual(599_000);
  });

  it('handles 0, 1 and 2 points, and a track that never moves', () => {
    expect(detectStops(fromArrays([]), OPTIONS)).toEqual([]);
    expect(detectStops(fromArrays([{ ...ORIGIN, t: 0 }]), OPTIONS)).toEqual([]);
    // Two fixes 10 minutes apart at one place (a gap in reception): a stop.
    const two = fromArrays([
      { ...ORIGIN, t: 0 },
      { ...ORIGIN, t: 600_000 },
    ]);
    expect(detectStops(two, OPTIONS)).toEqual([{ ...ORIGIN, arrivedAtMs: 0, leftAtMs: 600_000 }]);
    const still = fromArrays(Array.from({ length: 3600 }, (_, i) => ({ ...ORIGIN, t: i * 1000 })));
    expect(detectStops(still, OPTIONS)).toEqual([{ ...ORIGIN, arrivedAtMs: 0, leftAtMs: 3_599_000 }]);
  });

  it('gets through a day at 1 Hz of walks and stops', () => {
    const loop = [east(600), stay(600), { seconds: 600, eastMps: -WALK_MPS, northMps: 0 }, stay(1800)];
    const { points } = syntheticTrack({
      origin: ORIGIN,
      legs: Array.from({ length: 24 }, () => loop).flat(),
    });
    expect(points.length).toBe(86_400);
    const stops = detectStops(points, OPTIONS);
    expect(stops).toHaveLength(48);
    expect(stops.every((stop, i) => i === 0 || stop.arrivedAtMs > stops[i - 1]!.leftAtMs)).toBe(true);
  });
});
