// The street network as a routing graph: streets split into edges at every crossing and junction.
// Pure; the demo-town generator checks its network with it and the device simulator routes on it.
import type { LonLat } from './geojson';

type Xy = [x: number, y: number];

const EARTH_RADIUS_M = 6_371_008.8;
export const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;

/** Great-circle distance on the mean Earth sphere. */
export function haversineMetres(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** About 1 cm: enough for a street map, and keeps the seeded JSON short. */
export const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

const cross = (a: Xy, b: Xy) => a[0] * b[1] - a[1] * b[0];

export interface StreetGraph {
  nodes: LonLat[];
  /** Undirected: each connection appears once. */
  edges: [from: number, to: number, lengthMetres: number][];
}

/** What the graph is built from: the town's bounds (for a flat metric frame) and its street lines. */
export interface StreetNetwork {
  bounds: readonly [west: number, south: number, east: number, north: number];
  streets: readonly { coordinates: readonly LonLat[] }[];
}

/** Street ends closer than this count as touching: generated T-junctions are exact up to rounding. */
const TOUCH_M = 0.05;

interface Cut {
  t: number;
  at: Xy;
  /** The street's own coordinate when the cut is at one of its points, so nodes keep it exactly. */
  lonLat?: LonLat | undefined;
}
interface Segment {
  a: Xy;
  b: Xy;
  cuts: Cut[];
}

/**
 * The street network as a routing graph: streets split at every crossing and every place where
 * one street's end touches another, with ends within 5 cm of each other merged into one node.
 */
export function streetGraph(town: StreetNetwork): StreetGraph {
  const [west, south, , north] = town.bounds;
  const perLon = METRES_PER_DEGREE * Math.cos((((south + north) / 2) * Math.PI) / 180);
  const project = ([lon, lat]: LonLat): Xy => [(lon - west) * perLon, (lat - south) * METRES_PER_DEGREE];
  const unproject = ([x, y]: Xy): LonLat => [
    round7(west + x / perLon),
    round7(south + y / METRES_PER_DEGREE),
  ];

  const segments: Segment[] = [];
  for (const { coordinates } of town.streets) {
    coordinates.slice(1).forEach((to, i) => {
      const from = coordinates[i] as LonLat;
      const [a, b] = [project(from), project(to)];
      segments.push({
        a,
        b,
        cuts: [
          { t: 0, at: a, lonLat: from },
          { t: 1, at: b, lonLat: to },
        ],
      });
    });
  }
  segments.forEach((s, i) => segments.slice(i + 1).forEach((r) => addCrossing(s, r)));

  const nodes: LonLat[] = [];
  const nodeXy: Xy[] = [];
  const buckets = new Map<string, number[]>();
  const nodeAt = ({ at, lonLat }: Cut): number => {
    const [bx, by] = [Math.floor(at[0] / TOUCH_M), Math.floor(at[1] / TOUCH_M)];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const found = buckets
          .get(`${bx + dx},${by + dy}`)
          ?.find((id) => distance(nodeXy[id] as Xy, at) <= TOUCH_M);
        if (found !== undefined) return found;
      }
    }
    nodes.push(lonLat ?? unproject(at));
    nodeXy.push(at);
    buckets.set(`${bx},${by}`, [...(buckets.get(`${bx},${by}`) ?? []), nodes.length - 1]);
    return nodes.length - 1;
  };

  const edges: StreetGraph['edges'] = [];
  const seen = new Set<string>();
  for (const { cuts } of segments) {
    const ids = cuts.sort((p, q) => p.t - q.t).map(nodeAt);
    ids.slice(1).forEach((to, i) => {
      const from = ids[i] as number;
      const key = from < to ? `${from}-${to}` : `${to}-${from}`;
      if (from === to || seen.has(key)) return;
      seen.add(key);
      edges.push([from, to, haversineMetres(nodes[from] as LonLat, nodes[to] as LonLat)]);
    });
  }
  return { nodes, edges };
}

function addCrossing(s: Segment, r: Segment): void {
  // Both directions are checked, without short-circuit: either segment's end may lie on the other.
  const touched = [touchAtEnds(s, r), touchAtEnds(r, s)].includes(true);
  if (touched) return;
  const d1: Xy = [s.b[0] - s.a[0], s.b[1] - s.a[1]];
  const d2: Xy = [r.b[0] - r.a[0], r.b[1] - r.a[1]];
  const denominator = cross(d1, d2);
  if (denominator === 0) return;
  const offset: Xy = [r.a[0] - s.a[0], r.a[1] - s.a[1]];
  const t = cross(offset, d2) / denominator;
  const u = cross(offset, d1) / denominator;
  if (t < 0 || t > 1 || u < 0 || u > 1) return;
  const at = pointAt(s, t);
  s.cuts.push({ t, at });
  r.cuts.push({ t: u, at });
}

/** A street end on (or within a few cm of) another segment: a T-junction, or segments in a row. */
function touchAtEnds(seg: Segment, other: Segment): boolean {
  let touched = false;
  for (const end of seg.cuts.slice(0, 2)) {
    const t = projectOnto(other, end.at);
    if (distance(pointAt(other, t), end.at) <= TOUCH_M) {
      other.cuts.push({ t, at: end.at, lonLat: end.lonLat });
      touched = true;
    }
  }
  return touched;
}

function projectOnto({ a, b }: Segment, p: Xy): number {
  const d: Xy = [b[0] - a[0], b[1] - a[1]];
  const lengthSquared = d[0] ** 2 + d[1] ** 2;
  if (lengthSquared === 0) return 0;
  return Math.min(1, Math.max(0, ((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / lengthSquared));
}

const pointAt = ({ a, b }: Segment, t: number): Xy => [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
const distance = (p: Xy, q: Xy) => Math.hypot(p[0] - q[0], p[1] - q[1]);
