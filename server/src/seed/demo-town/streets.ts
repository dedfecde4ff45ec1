// The street network: main roads, side streets and lanes planned in metres, named, and put on the map.
import { seededRandom, type Random } from '../../lib/seeded-random';
import type { Frame, Xy } from './geo';
import { nameStreets } from './names';
import type { DemoStreet, StreetKind } from './types';

export function buildStreets(
  side: number,
  areaKm2: number,
  seed: number,
  toLonLat: Frame['toLonLat'],
): DemoStreet[] {
  const plans = planStreets(side, areaKm2, seededRandom(seed, 'streets'));
  const names = nameStreets(plans, seed);
  return plans.map((plan, i) => ({
    name: names[i] ?? '',
    kind: plan.kind,
    coordinates: plan.points.map(([x, y]) => toLonLat(x, y)),
  }));
}

interface StreetPlan {
  kind: StreetKind;
  points: Xy[];
}

/** A straight or bent line across the town: `across` as a polyline of `along`, both in metres. */
interface Line {
  position: number;
  main: boolean;
  profile: [along: number, across: number][];
}

type Axis = 'ns' | 'ew';
const toXy = (axis: Axis, along: number, across: number): Xy =>
  axis === 'ns' ? [across, along] : [along, across];

/**
 * A grid-town network in metres: lines every 250–400 m each way, the ones nearest the town's
 * thirds (or so) bent into main roads that run edge to edge; some side streets stop at a main
 * road; short lanes branch off side streets into the blocks. Mains cross each other and every
 * side street crosses or ends on a main road, which is what keeps the network connected.
 */
function planStreets(side: number, areaKm2: number, rng: Random): StreetPlan[] {
  const lines: Record<Axis, Line[]> = { ns: makeLines(side, rng), ew: makeLines(side, rng) };
  const other = (axis: Axis): Axis => (axis === 'ns' ? 'ew' : 'ns');
  const plans: StreetPlan[] = [];
  const sideStreets: { axis: Axis; line: Line; from: number; to: number }[] = [];

  for (const axis of ['ns', 'ew'] as const) {
    for (const line of lines[axis].filter((l) => l.main)) {
      plans.push({ kind: 'main', points: line.profile.map(([along, across]) => toXy(axis, along, across)) });
    }
  }
  for (const axis of ['ns', 'ew'] as const) {
    for (const line of lines[axis].filter((l) => !l.main)) {
      const mainCrossings = lines[other(axis)].filter((l) => l.main).map((m) => acrossAt(m, line.position));
      const stops = [0, ...mainCrossings.sort((a, b) => a - b), side];
      let [from, to] = [0, stops.length - 1];
      // Real side streets often end at a main road (a T-junction) rather than at the town edge.
      if (rng.chance(0.35)) {
        from = rng.int(0, stops.length - 2);
        to = rng.int(from + 1, stops.length - 1);
      }
      const span = { from: stops[from] ?? 0, to: stops[to] ?? side };
      sideStreets.push({ axis, line, ...span });
      plans.push({
        kind: 'street',
        points: [toXy(axis, span.from, line.position), toXy(axis, span.to, line.position)],
      });
    }
  }

  const wanted = Math.round(areaKm2 * 1.5);
  const used = new Set<string>();
  const lanes: StreetPlan[] = [];
  for (let attempt = 0; attempt < wanted * 20 && lanes.length < wanted && sideStreets.length > 0; attempt++) {
    const host = rng.pick(sideStreets);
    // Blocks along the host, between the lines that cross it.
    const crossings = lines[other(host.axis)].map((l) => acrossAt(l, host.line.position));
    const cuts = [
      ...new Set([host.from, host.to, ...crossings.filter((c) => c > host.from && c < host.to)]),
    ].sort((a, b) => a - b);
    const block = rng.int(0, cuts.length - 2);
    const [lo, hi] = [cuts[block] ?? 0, cuts[block + 1] ?? 0];
    const dir = rng.chance(0.5) ? 1 : -1;
    // Under a third of the way to the next parallel street: lanes never reach it, nor meet each other.
    const neighbours = [0, side, ...lines[host.axis].map((l) => l.position)].map(
      (p) => (p - host.line.position) * dir,
    );
    const gap = Math.min(...neighbours.filter((d) => d > 0));
    const maxLength = Math.min(160, 0.3 * gap);
    const key = `${host.axis}:${host.line.position}:${block}:${dir}`;
    if (hi - lo < 120 || maxLength < 50 || used.has(key)) continue;
    used.add(key);
    const along = lo + rng.between(0.35, 0.65) * (hi - lo);
    const length = rng.between(50, maxLength);
    const p = host.line.position;
    lanes.push({
      kind: 'lane',
      points: [
        toXy(host.axis, along, p),
        toXy(host.axis, along + rng.between(-8, 8), p + (dir * length) / 2),
        toXy(host.axis, along, p + dir * length),
      ],
    });
  }
  return [...plans, ...lanes];
}

function makeLines(side: number, rng: Random): Line[] {
  const positions: number[] = [];
  for (let p = rng.between(150, 300); p <= side - 150; p += rng.between(250, 400)) positions.push(p);
  if (positions.length === 0) positions.push(side / 2);
  const mainCount = Math.max(1, Math.round(side / 2000));
  const mains = new Set<number>();
  for (let k = 1; k <= mainCount; k++) {
    const target = (side * k) / (mainCount + 1);
    mains.add(positions.reduce((best, p) => (Math.abs(p - target) < Math.abs(best - target) ? p : best)));
  }
  return positions.map((position) => {
    if (!mains.has(position)) {
      return {
        position,
        main: false,
        profile: [
          [0, position],
          [side, position],
        ],
      };
    }
    // Bends of a few tens of metres: a main road that is clearly not ruled, yet stays in its corridor.
    const profile: Line['profile'] = [];
    for (let along = 0; along < side - 200; along += rng.between(350, 600)) {
      profile.push([along, position + rng.between(-30, 30)]);
    }
    profile.push([side, position + rng.between(-30, 30)]);
    return { position, main: true, profile };
  });
}

/** Where a line is across its axis at a given point along it (linear between bends). */
function acrossAt(line: Line, along: number): number {
  const { profile } = line;
  for (let i = 1; i < profile.length; i++) {
    const [a0, c0] = profile[i - 1] as [number, number];
    const [a1, c1] = profile[i] as [number, number];
    if (along <= a1) return c0 + ((c1 - c0) * (along - a0)) / (a1 - a0);
  }
  return line.position;
}
