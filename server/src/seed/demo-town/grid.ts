// Grid cells (网格) and areas (片区): the rows × cols lattice, cells grouped into areas, area outlines.
import type { LonLat } from '@fcc/shared';
import { cross, type Frame, type Xy } from './geo';
import { chineseNumber, pad } from './names';
import type { DemoArea, DemoCell } from './types';

/** Administrative division code the area codes extend (GB/T 2260 style, county level). */
const DIVISION_CODE = '150102';

interface LatticeCell {
  col: number;
  row: number;
}

/** rows ≤ cols with rows the largest divisor not above √n: the cells closest to square. */
function gridShape(cellCount: number): { rows: number; cols: number } {
  let rows = 1;
  for (let r = 1; r * r <= cellCount; r++) if (cellCount % r === 0) rows = r;
  return { rows, cols: cellCount / rows };
}

export function buildGrid(
  cellCount: number,
  areaCount: number,
  side: number,
  toLonLat: Frame['toLonLat'],
): { areas: DemoArea[]; cells: DemoCell[] } {
  const { rows, cols } = gridShape(cellCount);
  const vertex = ([c, r]: Xy): LonLat => toLonLat((c * side) / cols, (r * side) / rows);
  // Boustrophedon order along the short side: any run of consecutive cells is then contiguous,
  // hole-free and compact, so cutting the run into pieces gives balanced contiguous areas.
  const order: LatticeCell[] = [];
  for (let col = 0; col < cols; col++) {
    for (let i = 0; i < rows; i++) order.push({ col, row: col % 2 === 0 ? i : rows - 1 - i });
  }
  const areas: DemoArea[] = [];
  const cells: DemoCell[] = [];
  const base = Math.floor(cellCount / areaCount);
  let next = 0;
  for (let a = 1; a <= areaCount; a++) {
    const size = base + (a <= cellCount % areaCount ? 1 : 0);
    const members = order.slice(next, next + size);
    next += size;
    const code = DIVISION_CODE + pad(a, 3);
    const name = `第${chineseNumber(a)}片区`;
    areas.push({ code, name, polygon: [[closeRing(latticeOutline(members).map(vertex))]] });
    members.forEach(({ col, row }, i) => {
      const corners: Xy[] = [
        [col, row],
        [col + 1, row],
        [col + 1, row + 1],
        [col, row + 1],
      ];
      cells.push({
        code: `${code}-${pad(i + 1, 3)}`,
        name: `${name} ${i + 1}号网格`,
        areaCode: code,
        polygon: [closeRing(corners.map(vertex))],
      });
    });
  }
  return { areas, cells };
}

/**
 * The outline of a contiguous, hole-free set of unit lattice squares as one CCW ring, in lattice
 * coordinates. Boundary edges are the squares' CCW edges not shared with another member, chained
 * end to start; where two squares touch only at a corner the sharpest left turn keeps rings apart.
 */
function latticeOutline(squares: readonly LatticeCell[]): Xy[] {
  const key = (c: number, r: number) => `${c},${r}`;
  const member = new Set(squares.map(({ col, row }) => key(col, row)));
  interface Edge {
    from: Xy;
    to: Xy;
  }
  const edges: Edge[] = [];
  const leaving = new Map<string, Edge[]>();
  const addEdge = (from: Xy, to: Xy) => {
    const edge = { from, to };
    edges.push(edge);
    leaving.set(key(...from), [...(leaving.get(key(...from)) ?? []), edge]);
  };
  for (const { col: c, row: r } of squares) {
    if (!member.has(key(c, r - 1))) addEdge([c, r], [c + 1, r]);
    if (!member.has(key(c + 1, r))) addEdge([c + 1, r], [c + 1, r + 1]);
    if (!member.has(key(c, r + 1))) addEdge([c + 1, r + 1], [c, r + 1]);
    if (!member.has(key(c - 1, r))) addEdge([c, r + 1], [c, r]);
  }
  const direction = (e: Edge): Xy => [e.to[0] - e.from[0], e.to[1] - e.from[1]];
  const first = edges[0];
  if (!first) throw new Error('an area needs at least one cell');
  const ring: Xy[] = [];
  let edge = first;
  do {
    ring.push(edge.from);
    const current = edge;
    edge = (leaving.get(key(...edge.to)) ?? []).reduce((best, e) =>
      cross(direction(current), direction(e)) > cross(direction(current), direction(best)) ? e : best,
    );
  } while (edge !== first && ring.length <= edges.length);
  // Boustrophedon runs are contiguous and hole-free, so one ring must use every boundary edge.
  if (ring.length !== edges.length || shoelace(ring) <= 0)
    throw new Error('area cells are not one hole-free block');
  return dropCollinear(ring);
}

function dropCollinear(ring: Xy[]): Xy[] {
  return ring.filter((p, i) => {
    const prev = ring[(i + ring.length - 1) % ring.length] as Xy;
    const next = ring[(i + 1) % ring.length] as Xy;
    return cross([p[0] - prev[0], p[1] - prev[1]], [next[0] - p[0], next[1] - p[1]]) !== 0;
  });
}

/** Twice the signed area; positive when counter-clockwise. */
function shoelace(ring: readonly Xy[]): number {
  let sum = 0;
  ring.forEach((p, i) => (sum += cross(p, ring[(i + 1) % ring.length] as Xy)));
  return sum;
}

const closeRing = (ring: LonLat[]): LonLat[] => (ring.length > 0 ? [...ring, ring[0] as LonLat] : ring);
