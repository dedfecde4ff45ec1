import type { LonLat } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_TOWN_OPTIONS,
  generateDemoTown,
  haversineMetres,
  streetGraph,
  type DemoTown,
  type DemoTownOptions,
} from '.';

// Geometry is checked with formulas independent of the generator's own flat frame.
const R = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Area on the sphere of a ring whose edges follow meridians and parallels (exact for our rectangles). */
function areaM2(ring: LonLat[]): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i++) {
    const [a, b] = [ring[i - 1]!, ring[i]!];
    sum += ((rad(b[0]) - rad(a[0])) * (Math.sin(rad(a[1])) + Math.sin(rad(b[1])))) / 2;
  }
  return Math.abs(sum) * R * R;
}

/** Positive when counter-clockwise. */
function signedArea(ring: LonLat[]): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i++) sum += ring[i - 1]![0] * ring[i]![1] - ring[i]![0] * ring[i - 1]![1];
  return sum / 2;
}

function inside([x, y]: LonLat, ring: LonLat[]): boolean {
  let odd = false;
  for (let i = 1; i < ring.length; i++) {
    const [[xi, yi], [xj, yj]] = [ring[i]!, ring[i - 1]!];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

function segmentsMeet(p: LonLat, q: LonLat, r: LonLat, s: LonLat): boolean {
  const orient = (a: LonLat, b: LonLat, c: LonLat) =>
    Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const onSegment = (a: LonLat, b: LonLat, c: LonLat) =>
    Math.min(a[0], b[0]) <= c[0] &&
    c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] &&
    c[1] <= Math.max(a[1], b[1]);
  const [o1, o2, o3, o4] = [orient(p, q, r), orient(p, q, s), orient(r, s, p), orient(r, s, q)];
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(p, q, r)) ||
    (o2 === 0 && onSegment(p, q, s)) ||
    (o3 === 0 && onSegment(r, s, p)) ||
    (o4 === 0 && onSegment(r, s, q))
  );
}

/** Closed, CCW, no repeated or redundant point, and no two non-neighbouring edges meeting. */
function expectValidOuterRing(ring: LonLat[]): void {
  expect(ring.length).toBeGreaterThanOrEqual(4);
  expect(ring[0]).toEqual(ring[ring.length - 1]);
  expect(signedArea(ring)).toBeGreaterThan(0);
  const distinct = ring.slice(0, -1).map((p) => p.join(','));
  expect(new Set(distinct).size).toBe(distinct.length);
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [ring[(i + n - 1) % n]!, ring[i]!, ring[i + 1]!];
    const turn = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    expect(turn, `vertex ${i} is a corner, not a point along an edge`).not.toBe(0);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      expect(segmentsMeet(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!), `edges ${i} and ${j} meet`).toBe(
        false,
      );
    }
  }
}

const bbox = (ring: LonLat[]) => ({
  west: Math.min(...ring.map((p) => p[0])),
  east: Math.max(...ring.map((p) => p[0])),
  south: Math.min(...ring.map((p) => p[1])),
  north: Math.max(...ring.map((p) => p[1])),
});
const centroid = (ring: LonLat[]): LonLat => {
  const b = bbox(ring);
  return [(b.west + b.east) / 2, (b.south + b.north) / 2];
};

function expectValidGrid(
  town: DemoTown,
  options: Pick<DemoTownOptions, 'areaKm2' | 'cellCount' | 'areaCount'>,
): void {
  const { cells, areas, bounds } = town;
  const [west, south, east, north] = bounds;
  expect(cells).toHaveLength(options.cellCount);
  expect(areas).toHaveLength(options.areaCount);

  // Tiling: axis-aligned rectangles inside the town, pairwise disjoint, adding up to the town.
  const boxes = cells.map((cell) => {
    expect(cell.polygon).toHaveLength(1);
    const ring = cell.polygon[0]!;
    expect(ring).toHaveLength(5);
    expectValidOuterRing(ring);
    const b = bbox(ring);
    expect(b.west).toBeGreaterThanOrEqual(west);
    expect(b.east).toBeLessThanOrEqual(east);
    expect(b.south).toBeGreaterThanOrEqual(south);
    expect(b.north).toBeLessThanOrEqual(north);
    expect(areaM2(ring)).toBeCloseTo(
      areaM2([
        [b.west, b.south],
        [b.east, b.south],
        [b.east, b.north],
        [b.west, b.north],
        [b.west, b.south],
      ]),
      3,
    );
    return b;
  });
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      const overlap =
        Math.max(0, Math.min(a.east, b.east) - Math.max(a.west, b.west)) *
        Math.max(0, Math.min(a.north, b.north) - Math.max(a.south, b.south));
      expect(overlap).toBe(0);
    }),
  );
  const townArea = options.areaKm2 * 1e6;
  const cellsArea = cells.reduce((sum, cell) => sum + areaM2(cell.polygon[0]!), 0);
  expect(Math.abs(cellsArea - townArea) / townArea).toBeLessThan(0.005);

  // Areas: one simple ring each, exactly covering their own cells; balanced sizes.
  const sizes = areas.map((area) => {
    const own = cells.filter((cell) => cell.areaCode === area.code);
    expect(area.polygon, `${area.name} is one piece without holes`).toHaveLength(1);
    expect(area.polygon[0]).toHaveLength(1);
    const ring = area.polygon[0]![0]!;
    expectValidOuterRing(ring);
    const ownArea = own.reduce((sum, cell) => sum + areaM2(cell.polygon[0]!), 0);
    expect(Math.abs(areaM2(ring) - ownArea) / ownArea).toBeLessThan(1e-9);
    for (const cell of cells) {
      expect(inside(centroid(cell.polygon[0]!), ring), `${cell.code} vs ${area.code}`).toBe(
        cell.areaCode === area.code,
      );
    }
    return own.length;
  });
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(options.cellCount);
  expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
}

/** Metres east and north of the town's south-west corner. */
function metric(town: DemoTown): (p: LonLat) => [number, number] {
  const [west, south] = town.bounds;
  return (p) => [
    haversineMetres([west, p[1]], p) * Math.sign(p[0] - west),
    haversineMetres([p[0], south], p) * Math.sign(p[1] - south),
  ];
}

function componentCount(nodeCount: number, edges: [number, number, number][]): number {
  const parent = Array.from({ length: nodeCount }, (_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (const [a, b] of edges) parent[root(a)] = root(b);
  return new Set(parent.map((_, i) => root(i))).size;
}

const town = generateDemoTown(DEFAULT_DEMO_TOWN_OPTIONS);

describe('generateDemoTown: grid', () => {
  it('has 27 cells in 4 areas with unique hierarchical codes and readable names', () => {
    expect(town.townName).toBe('演示城区');
    expect(town.areas.map((a) => a.code)).toEqual(['150102001', '150102002', '150102003', '150102004']);
    expect(town.areas.map((a) => a.name)).toEqual(['第一片区', '第二片区', '第三片区', '第四片区']);
    const codes = town.cells.map((c) => c.code);
    expect(new Set(codes).size).toBe(27);
    for (const cell of town.cells) {
      expect(cell.code).toMatch(/^\d{9}-\d{3}$/);
      expect(cell.code.startsWith(`${cell.areaCode}-`)).toBe(true);
      const area = town.areas.find((a) => a.code === cell.areaCode)!;
      expect(cell.name).toBe(`${area.name} ${Number(cell.code.slice(-3))}号网格`);
    }
    expect(town.cells.find((c) => c.code === '150102001-003')?.name).toBe('第一片区 3号网格');
  });

  it('covers about 9 km² around the centre', () => {
    const [west, south, east, north] = town.bounds;
    expect((west + east) / 2).toBeCloseTo(111.6708, 6);
    expect((south + north) / 2).toBeCloseTo(40.8183, 6);
    expect(haversineMetres([west, south], [east, south])).toBeCloseTo(3000, -1);
    expect(haversineMetres([west, south], [west, north])).toBeCloseTo(3000, -1);
  });

  it('tiles the town exactly and groups cells into contiguous, balanced areas', () => {
    expectValidGrid(town, DEFAULT_DEMO_TOWN_OPTIONS);
    const areaSizes = town.areas.map((a) => town.cells.filter((c) => c.areaCode === a.code).length);
    expect(areaSizes).toEqual([7, 7, 7, 6]);
  });

  it('uses the grid with the squarest cells: 27 → 3 × 9, 12 → 3 × 4', () => {
    const aspect = (t: DemoTown) => {
      const to = metric(t);
      const b = bbox(t.cells[0]!.polygon[0]!);
      const [sw, ne] = [to([b.west, b.south]), to([b.east, b.north])];
      const [w, h] = [ne[0] - sw[0], ne[1] - sw[1]];
      return Math.max(w, h) / Math.min(w, h);
    };
    expect(aspect(town)).toBeCloseTo(3, 2);
    expect(aspect(generateDemoTown({ cellCount: 12, areaCount: 3 }))).toBeCloseTo(4 / 3, 2);
    expect(aspect(generateDemoTown({ cellCount: 16, areaCount: 4 }))).toBeCloseTo(1, 2);
  });

  it.each([
    { areaKm2: 9, cellCount: 12, areaCount: 3 },
    { areaKm2: 4, cellCount: 7, areaCount: 2 },
    { areaKm2: 9, cellCount: 30, areaCount: 7 },
    { areaKm2: 25, cellCount: 100, areaCount: 9 },
    { areaKm2: 1, cellCount: 5, areaCount: 5 },
    { areaKm2: 9, cellCount: 27, areaCount: 1 },
  ])('stays valid for %o', (options) => {
    expectValidGrid(generateDemoTown(options), options);
  });
});

describe('generateDemoTown: streets', () => {
  const [west, south, east, north] = town.bounds;

  it('has main roads, streets and lanes, each uniquely named and inside the town', () => {
    const kinds = new Set(town.streets.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['lane', 'main', 'street']);
    expect(new Set(town.streets.map((s) => s.name)).size).toBe(town.streets.length);
    const suffix = { main: '路', street: '街', lane: '巷' };
    for (const street of town.streets) {
      expect(street.name).toMatch(/^\p{Script=Han}{2,}[路街巷]$/u);
      expect(street.name.endsWith(suffix[street.kind])).toBe(true);
      expect(street.coordinates.length).toBeGreaterThanOrEqual(2);
      for (const [lon, lat] of street.coordinates) {
        expect(lon).toBeGreaterThanOrEqual(west);
        expect(lon).toBeLessThanOrEqual(east);
        expect(lat).toBeGreaterThanOrEqual(south);
        expect(lat).toBeLessThanOrEqual(north);
      }
    }
    expect(town.streets.filter((s) => s.kind === 'lane').length).toBeGreaterThanOrEqual(5);
  });

  it('has bent main roads that cross the whole town', () => {
    const to = metric(town);
    const mains = town.streets.filter((s) => s.kind === 'main');
    expect(mains.length).toBeGreaterThanOrEqual(2);
    for (const main of mains) {
      const points = main.coordinates.map(to);
      const [first, last] = [points[0]!, points[points.length - 1]!];
      expect(Math.max(Math.abs(last[0] - first[0]), Math.abs(last[1] - first[1]))).toBeGreaterThan(2950);
      // Largest distance of a bend from the straight line between the ends.
      const [dx, dy] = [last[0] - first[0], last[1] - first[1]];
      const bend = Math.max(
        ...points.map(([x, y]) => Math.abs((x - first[0]) * dy - (y - first[1]) * dx) / Math.hypot(dx, dy)),
      );
      expect(bend).toBeGreaterThan(5);
      expect(bend).toBeLessThan(80);
    }
  });

  it('puts parallel streets about every 250–400 m', () => {
    const to = metric(town);
    const lines = town.streets.filter((s) => s.kind !== 'lane').map((s) => s.coordinates.map(to));
    for (const axis of [0, 1] as const) {
      // Streets running along the other axis, by their mean position on this one.
      const along = axis === 0 ? 1 : 0;
      const positions = lines
        .filter(
          (pts) =>
            Math.abs(pts[pts.length - 1]![along] - pts[0]![along]) >
            Math.abs(pts[pts.length - 1]![axis] - pts[0]![axis]),
        )
        .map((pts) => pts.reduce((sum, p) => sum + p[axis], 0) / pts.length)
        .sort((a, b) => a - b);
      expect(positions.length).toBeGreaterThanOrEqual(7);
      positions.slice(1).forEach((p, i) => {
        expect(p - positions[i]!).toBeGreaterThan(250 - 60);
        expect(p - positions[i]!).toBeLessThan(400 + 60);
      });
    }
  });

  it.each([
    { seed: 1, areaKm2: 9 },
    { seed: 2, areaKm2: 9 },
    { seed: 3, areaKm2: 1 },
    { seed: 4, areaKm2: 25 },
    { seed: 99, areaKm2: 0.3 },
    ...Array.from({ length: 15 }, (_, i) => ({ seed: 100 + i, areaKm2: 9 })),
  ])('is one connected network (%o)', (options) => {
    const t = generateDemoTown(options);
    const graph = streetGraph(t);
    expect(componentCount(graph.nodes.length, graph.edges)).toBe(1);
    // Splitting must keep the geometry: the edges add up to the streets.
    const streetLength = t.streets.reduce(
      (sum, s) =>
        sum + s.coordinates.slice(1).reduce((len, p, i) => len + haversineMetres(s.coordinates[i]!, p), 0),
      0,
    );
    const edgeLength = graph.edges.reduce((sum, e) => sum + e[2], 0);
    expect(Math.abs(edgeLength - streetLength) / streetLength).toBeLessThan(1e-4);
    expect(graph.nodes.length).toBeGreaterThan(t.streets.length);
  });
});

describe('streetGraph', () => {
  const bounds: DemoTown['bounds'] = [111, 40, 111.01, 40.01];
  const street = (name: string, coordinates: LonLat[]) => ({ name, kind: 'street' as const, coordinates });

  it('splits two crossing streets at the crossing', () => {
    const graph = streetGraph({
      bounds,
      streets: [
        street('a', [
          [111, 40.005],
          [111.01, 40.005],
        ]),
        street('b', [
          [111.005, 40],
          [111.005, 40.01],
        ]),
      ],
    });
    expect(graph.nodes).toHaveLength(5);
    expect(graph.edges).toHaveLength(4);
    expect(graph.nodes).toContainEqual([111.005, 40.005]);
    expect(componentCount(graph.nodes.length, graph.edges)).toBe(1);
  });

  it('joins a street that ends on another (a T-junction)', () => {
    const graph = streetGraph({
      bounds,
      streets: [
        street('a', [
          [111, 40.005],
          [111.01, 40.005],
        ]),
        street('b', [
          [111.004, 40.005],
          [111.004, 40.01],
        ]),
      ],
    });
    expect(graph.nodes).toHaveLength(4);
    expect(graph.edges).toHaveLength(3);
    expect(componentCount(graph.nodes.length, graph.edges)).toBe(1);
  });

  it('keeps streets that do not meet apart', () => {
    const graph = streetGraph({
      bounds,
      streets: [
        street('a', [
          [111, 40.002],
          [111.01, 40.002],
        ]),
        street('b', [
          [111, 40.008],
          [111.01, 40.008],
        ]),
      ],
    });
    expect(componentCount(graph.nodes.length, graph.edges)).toBe(2);
  });

  it('gives edges their length in metres', () => {
    const graph = streetGraph({
      bounds,
      streets: [
        street('a', [
          [111, 40],
          [111, 40.01],
        ]),
      ],
    });
    expect(graph.edges).toHaveLength(1);
    expect(graph.edges[0]![2]).toBeCloseTo(1112, 0);
  });
});

describe('haversineMetres', () => {
  it('measures a degree of latitude as about 111.2 km, symmetrically', () => {
    expect(haversineMetres([111, 40], [111, 41])).toBeCloseTo(111_195, -1);
    expect(haversineMetres([111, 41], [111, 40])).toBe(haversineMetres([111, 40], [111, 41]));
    expect(haversineMetres([111, 40], [111, 40])).toBe(0);
  });
});

describe('generateDemoTown: officers and devices', () => {
  it('gives each area its officers, each a bodycam, and each area leader a phone', () => {
    expect(town.officers).toHaveLength(16);
    const badges = town.officers.map((o) => o.badgeNo);
    expect(new Set(badges).size).toBe(16);
    expect(badges.slice(0, 5)).toEqual(['0401001', '0401002', '0401003', '0401004', '0402001']);
    expect(new Set(town.officers.map((o) => o.name)).size).toBe(16);
    for (const officer of town.officers) expect(officer.name).toMatch(/^\p{Script=Han}{2,3}$/u);
    for (const area of town.areas)
      expect(town.officers.filter((o) => o.areaCode === area.code)).toHaveLength(4);

    const ids = town.devices.map((d) => d.uniqueId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(town.devices.filter((d) => d.kind === 'bodycam').map((d) => d.uniqueId)).toEqual(
      badges.map((b) => `BC-${b}`),
    );
    expect(town.devices.filter((d) => d.kind === 'phone').map((d) => d.uniqueId)).toEqual([
      'PH-0401001',
      'PH-0402001',
      'PH-0403001',
      'PH-0404001',
    ]);
    for (const device of town.devices) expect(badges).toContain(device.officerBadgeNo);
  });

  it('scales with the options', () => {
    const t = generateDemoTown({ cellCount: 12, areaCount: 3, officersPerArea: 6 });
    expect(t.officers).toHaveLength(18);
    expect(t.devices).toHaveLength(18 + 3);
  });
});

describe('generateDemoTown: determinism and options', () => {
  it('gives identical output for identical options', () => {
    expect(generateDemoTown({ ...DEFAULT_DEMO_TOWN_OPTIONS })).toEqual(town);
    expect(generateDemoTown({ seed: 7 })).toEqual(generateDemoTown({ seed: 7 }));
  });

  it('changes the streets and names, not the grid, with the seed', () => {
    const other = generateDemoTown({ seed: 2 });
    expect(other.streets).not.toEqual(town.streets);
    expect(other.officers.map((o) => o.name)).not.toEqual(town.officers.map((o) => o.name));
    expect(other.cells).toEqual(town.cells);
    expect(other.officers.map((o) => o.badgeNo)).toEqual(town.officers.map((o) => o.badgeNo));
  });

  it('falls back to the defaults for options passed as undefined', () => {
    expect(generateDemoTown({ townName: undefined, seed: undefined })).toEqual(town);
    expect(generateDemoTown({ townName: '青城镇' }).townName).toBe('青城镇');
  });

  it.each([
    { areaCount: 28 },
    { cellCount: 0 },
    { cellCount: 2.5 },
    { areaKm2: 0 },
    { officersPerArea: 0 },
    { seed: 1.5 },
    { centre: [200, 40] as LonLat },
  ])('rejects %o', (options) => {
    expect(() => generateDemoTown(options)).toThrow(RangeError);
  });
});
