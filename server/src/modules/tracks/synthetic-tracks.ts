// Reproducible synthetic tracks (walks, stays with GPS jitter) for the tests and benchmarks.
import type { TrackPoints } from './track-points';

/** Metres per degree of latitude on the mean-radius sphere the distance functions use. */
const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

export type Leg =
  /** Moving at a constant velocity, in metres per second east and north. */
  | { seconds: number; eastMps: number; northMps: number }
  /** Standing still, each fix off by up to `jitterMetres` east and north. */
  | { seconds: number; jitterMetres: number };

export interface SyntheticTrack {
  points: TrackPoints;
  /** Time of the first fix of each leg. */
  legStartsMs: number[];
}

/**
 * One fix every `stepMs` from `startMs`, following the legs in order from `origin`. The
 * jitter comes from a seeded generator, so a test sees the same track on every run.
 */
export function syntheticTrack({
  origin,
  startMs = Date.UTC(2026, 10, 23, 1),
  stepMs = 1000,
  legs,
  seed = 1,
}: {
  origin: { lat: number; lon: number };
  startMs?: number;
  stepMs?: number;
  legs: Leg[];
  seed?: number;
}): SyntheticTrack {
  const total = legs.reduce((sum, leg) => sum + Math.round((leg.seconds * 1000) / stepMs), 0);
  const points: TrackPoints = {
    lon: new Float64Array(total),
    lat: new Float64Array(total),
    t: new Float64Array(total),
    length: total,
  };
  const lonMetres = METRES_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180);
  const random = mulberry32(seed);
  const legStartsMs: number[] = [];
  let east = 0;
  let north = 0;
  let i = 0;
  for (const leg of legs) {
    legStartsMs.push(startMs + i * stepMs);
    const steps = Math.round((leg.seconds * 1000) / stepMs);
    for (let step = 0; step < steps; step += 1, i += 1) {
      let jitterEast = 0;
      let jitterNorth = 0;
      if ('jitterMetres' in leg) {
        jitterEast = (random() * 2 - 1) * leg.jitterMetres;
        jitterNorth = (random() * 2 - 1) * leg.jitterMetres;
      } else if (step > 0 || i > 0) {
        east += (leg.eastMps * stepMs) / 1000;
        north += (leg.northMps * stepMs) / 1000;
      }
      points.lon[i] = origin.lon + (east + jitterEast) / lonMetres;
      points.lat[i] = origin.lat + (north + jitterNorth) / METRES_PER_DEGREE;
      points.t[i] = startMs + i * stepMs;
    }
  }
  return { points, legStartsMs };
}

/** Where a point `east`/`north` metres from `origin` is, in the same projection as above. */
export function offsetMetres(
  origin: { lat: number; lon: number },
  east: number,
  north: number,
): { lat: number; lon: number } {
  return {
    lat: origin.lat + north / METRES_PER_DEGREE,
    lon: origin.lon + east / (METRES_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180)),
  };
}

/** A small, fast seeded PRNG (public domain); good enough for jitter. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4_294_967_296;
  };
}
