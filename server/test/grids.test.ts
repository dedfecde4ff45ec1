// Grid generation, the grid file (import and export) and overlap checks, against a real PostGIS:
// cells must tile what they cover, never overlap, and a refused change must leave nothing behind.
import type { GridFile, GridImportProblem } from '@fcc/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app';

type Ring = number[][];
const polygon = (...rings: Ring[]) => ({ type: 'Polygon' as const, coordinates: rings });
const rectangle = (west: number, south: number, east: number, north: number): Ring => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];

let t: TestApp;
let sql: pg.Client;

beforeAll(async () => {
  t = await createTestApp();
  sql = new pg.Client({ connectionString: t.databaseUrl });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await t.close();
});

const post = (url: string, payload: object, role: 'administrator' | 'operator' = 'administrator') =>
  t.app.inject({ method: 'POST', url, payload, headers: t.auth(role) });

async function query<Row>(text: string, values: unknown[] = []): Promise<Row[]> {
  return (await sql.query(text, values)).rows as Row[];
}

async function counts() {
  const [row] = await query<{ cells: number; areas: number; audit: number }>(`
    SELECT (SELECT count(*)::int FROM grid_cells) AS cells, (SELECT count(*)::int FROM grid_areas) AS areas,
           (SELECT count(*)::int FROM audit_log) AS audit`);
  return row!;
}

/** Codes, names and geometry measures of an area's cells, in code order. */
async function cellsOfArea(areaCode: string) {
  return query<{ code: string; name: string; west: number; north: number; east: number; south: number }>(
    `SELECT c.code, c.name, ST_XMin(c.geom) AS west, ST_YMax(c.geom) AS north,
            ST_XMax(c.geom) AS east, ST_YMin(c.geom) AS south
     FROM grid_cells c JOIN grid_areas a ON a.id = c.area_id WHERE a.code = $1 ORDER BY c.code`,
    [areaCode],
  );
}

/**
 * How an area's cells cover `outline`: the fractions of it covered and lying outside it (measured
 * in degrees², as the cells were cut), and the pairs of cells overlapping by more than 0.01 m².
 */
async function coverage(areaCode: string, outline: object) {
  const [row] = await query<{ covered: number; outside: number; overlaps: number }>(
    `WITH cell AS (
       SELECT c.id, c.geom FROM grid_cells c JOIN grid_areas a ON a.id = c.area_id WHERE a.code = $1
     ), outline AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS geom)
     SELECT ST_Area(ST_Union(cell.geom)) / ST_Area(outline.geom) AS covered,
            ST_Area(ST_Difference(ST_Union(cell.geom), outline.geom)) / ST_Area(outline.geom) AS outside,
            (SELECT count(*)::int FROM cell a JOIN cell b ON a.id < b.id
              WHERE ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 0.01) AS overlaps
     FROM cell, outline GROUP BY outline.geom`,
    [areaCode, JSON.stringify(outline)],
  );
  return row!;
}

describe('generating a grid over a bbox', () => {
  const bbox = [111.7, 40.8, 111.74, 40.83] as const;

  it('tiles the bbox with rows × columns cells, coded row by row from the north-west', async () => {
    const response = await post('/api/grids/generate', {
      area: { code: 'G', name: 'Grid G' },
      bbox,
      rows: 3,
      columns: 4,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ count: 12 });
    expect(response.json().cellIds).toHaveLength(12);

    const cells = await cellsOfArea('G');
    expect(cells.map((cell) => cell.code)).toEqual(
      Array.from({ length: 12 }, (_, index) => `G-${String(index + 1).padStart(2, '0')}`),
    );
    expect(cells[0]).toMatchObject({ name: 'Grid G 01', west: 111.7, north: 40.83 });
    expect(cells[3]).toMatchObject({ east: 111.74, north: 40.83 }); // end of the first row: north-east
    expect(cells[11]).toMatchObject({ east: 111.74, south: 40.8 });

    const tiled = await coverage('G', polygon(rectangle(...bbox)));
    expect(tiled).toEqual({ covered: expect.closeTo(1, 9), outside: expect.closeTo(0, 9), overlaps: 0 });
    // The area's outline is refreshed to the union of its new cells.
    const [area] = await query<{ outline: string }>(
      "SELECT ST_AsText(ST_Envelope(geom)) AS outline FROM grid_areas WHERE code = 'G'",
    );
    expect(area!.outline).toBe('POLYGON((111.7 40.8,111.7 40.83,111.74 40.83,111.74 40.8,111.7 40.8))');
    const [audit] = await query<{ details: { count: number } }>(
      "SELECT details FROM audit_log WHERE action = 'grid.cells-generated'",
    );
    expect(audit!.details.count).toBe(12);
  });

  it('refuses a grid overlapping existing cells with 409 naming the cell, and writes nothing', async () => {
    const before = await counts();
    const response = await post('/api/grids/generate', {
      area: { code: 'H', name: 'Grid H' },
      bbox: [111.735, 40.825, 111.76, 40.85],
      rows: 2,
      columns: 2,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toMatch(/Grid cell H-\d would overlap existing cell G-04 by \d+ m²/);
    expect(await counts()).toEqual(before);
  });

  it('refuses codes that are taken with 409', async () => {
    const area = await query<{ id: string }>("SELECT id FROM grid_areas WHERE code = 'G'");
    const before = await counts();
    const response = await post('/api/grids/generate', {
      area: { areaId: area[0]!.id },
      bbox: [111.9, 40.8, 111.94, 40.83],
      rows: 3,
      columns: 4,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toContain('"G-01" is already used');
    expect(await counts()).toEqual(before);
  });

  it('refuses an extent it cannot use with 400 saying why', async () => {
    const base = { area: { code: 'Z', name: 'Z' }, rows: 2, columns: 2 };
    const cases: [object, RegExp][] = [
      [{ ...base }, /bbox \[west, south, east, north\] or polygon/],
      [{ ...base, bbox, polygon: polygon(rectangle(...bbox)) }, /either bbox or polygon/],
      [{ ...base, bbox: [111.8, 40.8, 111.7, 40.9] }, /west .* must be less than east/],
      [{ ...base, bbox, rows: 100, columns: 26 }, /2600; at most 2500/],
      [{ ...base, bbox, rows: 101 }, /"rows" must be <= 100/],
      [{ ...base, polygon: polygon(rectangle(111, 40, 111.1, 40.1).slice(0, 4)) }, /not closed/],
    ];
    for (const [payload, message] of cases) {
      const response = await post('/api/grids/generate', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().message).toMatch(message);
    }
    const unknownArea = await post('/api/grids/generate', {
      ...base,
      area: { areaId: '00000000-0000-4000-8000-000000000000' },
      bbox,
    });
    expect(unknownArea.statusCode).toBe(404);
  });
});

describe('generating a grid over a polygon', () => {
  // A right triangle, legs 0.03° on the axes. On a 3 × 4 grid, 3 squares lie fully inside, 5 are
  // cut into pieces of 17–96 % of a square, 1 leaves a 4 % sliver, and 3 lie outside: 8 cells.
  const [x0, y0, leg] = [111.8, 40.8, 0.03];
  const triangle = polygon([
    [x0, y0],
    [x0 + leg, y0],
    [x0, y0 + leg],
    [x0, y0],
  ]);

  it('clips the squares to the polygon, drops those outside and merges the sliver into a neighbour', async () => {
    const area = await post('/api/grids/areas', { code: 'T', name: 'Triangle' });
    const response = await post('/api/grids/generate', {
      area: { areaId: area.json().id },
      polygon: triangle,
      rows: 3,
      columns: 4,
      namePrefix: 'Tri',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ areaId: area.json().id, count: 8 });

    const cells = await cellsOfArea('T');
    expect(cells.map((cell) => [cell.code, cell.name])).toEqual(
      Array.from({ length: 8 }, (_, index) => [`T-${index + 1}`, `Tri ${index + 1}`]),
    );
    expect(cells[0]).toMatchObject({ west: x0, north: y0 + leg }); // the apex row comes first

    // Nothing of the triangle is lost (the sliver was merged, not dropped) and nothing lies outside it.
    expect(await coverage('T', triangle)).toEqual({
      covered: expect.closeTo(1, 9),
      outside: expect.closeTo(0, 9),
      overlaps: 0,
    });
    const [smallest] = await query<{ fraction: number }>(
      `SELECT min(ST_Area(c.geom)) / ($1::float8 / 4 * $1 / 3) AS fraction
       FROM grid_cells c JOIN grid_areas a ON a.id = c.area_id WHERE a.code = 'T'`,
      [leg],
    );
    expect(smallest!.fraction).toBeGreaterThan(0.1);
  });

  it('refuses a self-intersecting polygon with 400', async () => {
    const response = await post('/api/grids/generate', {
      area: { code: 'Y', name: 'Y' },
      polygon: polygon([
        [112, 40],
        [112.1, 40.1],
        [112.1, 40],
        [112, 40.1],
        [112, 40],
      ]),
      rows: 2,
      columns: 2,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/The polygon: the polygon is not valid: Self-intersection/);
  });
});

describe('the grid file', () => {
  const feature = (
    code: string,
    geometry: object,
    area: { areaCode: string; areaName?: string } = { areaCode: 'K', areaName: 'Area K' },
  ) => ({ type: 'Feature', geometry, properties: { ...area, code, name: `Cell ${code}` } });
  const collection = (...features: object[]) => ({ type: 'FeatureCollection', features });

  it('imports a valid file, creating the missing areas, and exports it back unchanged', async () => {
    const file = collection(
      feature('K-1', polygon(rectangle(113, 40, 113.01, 40.01))),
      feature('K-2', polygon(rectangle(113.01, 40, 113.02, 40.01))), // shares an edge with K-1
      feature(
        'L-1',
        { type: 'MultiPolygon', coordinates: [[rectangle(113.02, 40, 113.03, 40.01)]] },
        { areaCode: 'L' },
      ),
    );
    const response = await post('/api/grids/import', file);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ areasCreated: 2, cellsCreated: 3 });
    const areas = await query<{ code: string; name: string }>(
      "SELECT code, name FROM grid_areas WHERE code IN ('K', 'L') ORDER BY code",
    );
    expect(areas).toEqual([
      { code: 'K', name: 'Area K' },
      { code: 'L', name: 'L' },
    ]);

    const exported = await t.app.inject({ url: '/api/grids/export', headers: t.auth('operator') });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(exported.headers['content-disposition']).toMatch(
      /^attachment; filename="grids-\d{4}-\d{2}-\d{2}\.geojson"$/,
    );
    const features = exported.json<GridFile>().features;
    const byCode = new Map(features.map((item) => [item.properties.code, item]));
    expect(byCode.get('K-2')).toEqual({
      type: 'Feature',
      geometry: polygon(rectangle(113.01, 40, 113.02, 40.01)),
      properties: { areaCode: 'K', areaName: 'Area K', code: 'K-2', name: 'Cell K-2' },
    });
    expect(byCode.get('L-1')!.geometry).toEqual(polygon(rectangle(113.02, 40, 113.03, 40.01)));
    expect(features.filter((item) => item.properties.areaCode === 'G')).toHaveLength(12);
  });

  it('round-trips: an export imported into an empty database exports identically', async () => {
    const first = await t.app.inject({ url: '/api/grids/export', headers: t.auth('administrator') });
    const file = first.json<GridFile>();
    const areaCount = new Set(file.features.map((item) => item.properties.areaCode)).size;
    const empty = await createTestApp();
    try {
      const imported = await empty.app.inject({
        method: 'POST',
        url: '/api/grids/import',
        headers: { ...empty.auth('administrator'), 'content-type': 'application/geo+json' },
        payload: first.body,
      });
      expect(imported.statusCode).toBe(201);
      expect(imported.json()).toEqual({ areasCreated: areaCount, cellsCreated: file.features.length });
      const second = await empty.app.inject({ url: '/api/grids/export', headers: empty.auth('supervisor') });
      expect(second.json()).toEqual(file);
    } finally {
      await empty.close();
    }
  });

  it('refuses a file with problems with 400 listing each one by feature, and writes nothing', async () => {
    const before = await counts();
    const file = collection(
      feature('M-1', polygon(rectangle(114, 40, 114.01, 40.01))),
      feature('M-2', polygon(rectangle(114.02, 40, 114.03, 40.01).slice(0, 4))), // open ring
      feature(
        'M-3',
        polygon([
          [114.04, 40],
          [114.05, 40.01],
          [114.05, 40],
          [114.04, 40.01],
          [114.04, 40],
        ]),
      ), // bow-tie
      feature('M-4', polygon(rectangle(114.005, 40, 114.015, 40.01))), // overlaps M-1 by half
      feature('M-1', polygon(rectangle(114.06, 40, 114.07, 40.01))), // code used twice
      feature('G-01', polygon(rectangle(114.08, 40, 114.09, 40.01))), // code of a stored cell
      feature('M-6', polygon(rectangle(111.69, 40.82, 111.705, 40.84))), // overlaps stored G-01
      feature('M-7', {
        type: 'MultiPolygon',
        coordinates: [[rectangle(114.1, 40, 114.11, 40.01)], [rectangle(114.12, 40, 114.13, 40.01)]],
      }),
      feature('M-8', polygon(rectangle(114.14, 40, 114.15, 40.01).slice(2))), // 3 positions
      feature('M-9', polygon(rectangle(114.16, 89.99, 114.17, 90.5))), // latitude out of range
    );
    const response = await post('/api/grids/import', file);
    expect(response.statusCode).toBe(400);
    const body = response.json<{ message: string; problems: GridImportProblem[] }>();
    expect(body.message).toMatch(
      /^Nothing was imported: the file has 9 problems\. Feature 1 \(M-2\): .*not closed/,
    );
    expect(body.problems.map(({ feature, code }) => [feature, code])).toEqual([
      [1, 'M-2'],
      [2, 'M-3'],
      [3, 'M-4'],
      [4, 'M-1'],
      [5, 'G-01'],
      [6, 'M-6'],
      [7, 'M-7'],
      [8, 'M-8'],
      [9, 'M-9'],
    ]);
    const reasons = body.problems.map((problem) => problem.reason);
    expect(reasons[0]).toMatch(/outer ring is not closed/);
    expect(reasons[1]).toMatch(/not valid: Self-intersection/);
    expect(reasons[2]).toMatch(/overlaps feature 0 \(M-1\) by \d+ m²/);
    expect(reasons[3]).toMatch(/code M-1 is also used by feature 0/);
    expect(reasons[4]).toMatch(/code G-01 is already used/);
    expect(reasons[5]).toMatch(/overlaps existing cell G-01 by \d+ m²/);
    expect(reasons[6]).toMatch(/MultiPolygon holds 2 polygons/);
    expect(reasons[7]).toMatch(/has 3 positions/);
    expect(reasons[8]).toMatch(/\[114.17, 90.5\] .* is not a \[lon, lat\]/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file with a field it does not know, naming it', async () => {
    const response = await post(
      '/api/grids/import',
      collection({ ...feature('N-1', polygon(rectangle(115, 40, 115.01, 40.01))), style: 'red' }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('unknown field "features.0.style"');
  });

  it('is changed by administrators only and read by staff only', async () => {
    const file = collection(feature('P-1', polygon(rectangle(116, 40, 116.01, 40.01)), { areaCode: 'P' }));
    expect((await post('/api/grids/import', file, 'operator')).statusCode).toBe(403);
    expect(
      (await post('/api/grids/generate', { area: { code: 'P', name: 'P' } }, 'operator')).statusCode,
    ).toBe(403);
    const officer = await t.app.inject({ url: '/api/grids/export', headers: t.auth('officer') });
    expect(officer.statusCode).toBe(403);
    expect(await query("SELECT 1 FROM grid_areas WHERE code = 'P'")).toHaveLength(0);
  });
});

describe('overlap checks on single cells', () => {
  let areaId: string;
  beforeAll(async () => {
    areaId = (await query<{ id: string }>("SELECT id FROM grid_areas WHERE code = 'G'"))[0]!.id;
  });

  it('refuses a new cell overlapping another with 409 naming it, and accepts shared edges and noise under 1 m²', async () => {
    const before = await counts();
    const overlapping = await post('/api/grids/cells', {
      areaId,
      code: 'G-X1',
      name: 'overlapping',
      geometry: polygon(rectangle(111.695, 40.82, 111.705, 40.84)),
    });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.json().message).toMatch(/Grid cell G-X1 would overlap existing cell G-01 by \d+ m²/);
    expect(await counts()).toEqual(before);

    const adjacent = await post('/api/grids/cells', {
      areaId,
      code: 'G-X2',
      name: 'west of G-01',
      geometry: polygon(rectangle(111.69, 40.82, 111.7, 40.83)),
    });
    expect(adjacent.statusCode).toBe(201);

    // A 1e-5° corner (about 0.9 m²) over G-04 is digitising noise, within the tolerance.
    const nearlyTouching = await post('/api/grids/cells', {
      areaId,
      code: 'G-X3',
      name: 'north-east of G-04',
      geometry: polygon(rectangle(111.74 - 1e-5, 40.83 - 1e-5, 111.75, 40.84)),
    });
    expect(nearlyTouching.statusCode).toBe(201);
  });

  it('refuses moving a cell onto another with 409, and keeps its old shape', async () => {
    const [cell] = await query<{ id: string; shape: string }>(
      "SELECT id, ST_AsText(geom) AS shape FROM grid_cells WHERE code = 'G-X2'",
    );
    const patch = (geometry: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/grids/cells/${cell!.id}`,
        headers: t.auth('administrator'),
        payload: { geometry },
      });
    const moved = await patch(polygon(rectangle(111.69, 40.81, 111.71, 40.83)));
    expect(moved.statusCode).toBe(409);
    expect(moved.json().message).toMatch(/G-X2 would overlap existing cell G-0[15]/);
    const [after] = await query<{ shape: string }>(
      "SELECT ST_AsText(geom) AS shape FROM grid_cells WHERE code = 'G-X2'",
    );
    expect(after!.shape).toBe(cell!.shape);

    // Its own old shape is no obstacle.
    expect((await patch(polygon(rectangle(111.69, 40.82, 111.6999, 40.83)))).statusCode).toBe(204);
  });
});

describe('re-coding a cell and moving it to another area', () => {
  const patch = (id: string, payload: object) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/grids/cells/${id}`,
      headers: t.auth('administrator'),
      payload,
    });
  let cellId: string;
  let fromAreaId: string;
  let toAreaId: string;

  beforeAll(async () => {
    fromAreaId = (await post('/api/grids/areas', { code: 'M', name: 'Area M' })).json().id;
    toAreaId = (await post('/api/grids/areas', { code: 'N', name: 'Area N' })).json().id;
    await post('/api/grids/cells', {
      areaId: toAreaId,
      code: 'N-1',
      name: 'N one',
      geometry: polygon(rectangle(114, 40, 114.01, 40.01)),
    });
    const created = await post('/api/grids/cells', {
      areaId: fromAreaId,
      code: 'M-1',
      name: 'M one',
      geometry: polygon(rectangle(114.01, 40, 114.02, 40.01)),
    });
    expect(created.statusCode).toBe(201);
    cellId = created.json().id;
  });

  const areaOutlines = () =>
    query<{ code: string; outline: string | null }>(
      "SELECT code, ST_AsText(ST_Envelope(geom)) AS outline FROM grid_areas WHERE code IN ('M', 'N') ORDER BY code",
    );

  it('refuses a code another cell has with 409, an unknown area with 404, and changes nothing', async () => {
    const before = { cells: await cellsOfArea('M'), outlines: await areaOutlines(), counts: await counts() };

    const taken = await patch(cellId, { code: 'N-1', name: 'renamed' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().message).toBe('Grid cell code "N-1" is already used.');

    const unknown = await patch(cellId, { areaId: '00000000-0000-4000-8000-000000000000', name: 'renamed' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('No grid area with id 00000000-0000-4000-8000-000000000000.');

    const badCode = await patch(cellId, { code: 'M 1' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().message).toMatch(/code/);

    expect({ cells: await cellsOfArea('M'), outlines: await areaOutlines(), counts: await counts() }).toEqual(
      before,
    );
  });

  it('re-codes, renames, reshapes and moves the cell at once; both areas take their new outlines', async () => {
    const response = await patch(cellId, {
      code: 'N-2',
      name: 'N two',
      areaId: toAreaId,
      geometry: polygon(rectangle(114.01, 40, 114.03, 40.01)),
    });
    expect(response.statusCode).toBe(204);

    expect(await cellsOfArea('M')).toEqual([]);
    expect(await cellsOfArea('N')).toEqual([
      expect.objectContaining({ code: 'N-1', name: 'N one' }),
      { code: 'N-2', name: 'N two', west: 114.01, south: 40, east: 114.03, north: 40.01 },
    ]);
    expect(await areaOutlines()).toEqual([
      { code: 'M', outline: null },
      { code: 'N', outline: 'POLYGON((114 40,114 40.01,114.03 40.01,114.03 40,114 40))' },
    ]);
    const [audit] = await query<{ details: object }>(
      "SELECT details FROM audit_log WHERE action = 'grid.cell-updated' AND target_id = $1",
      [cellId],
    );
    expect(audit!.details).toEqual({
      code: 'N-2',
      formerCode: 'M-1',
      name: 'N two',
      areaId: toAreaId,
      formerAreaId: fromAreaId,
      geometryChanged: true,
    });
  });
});
