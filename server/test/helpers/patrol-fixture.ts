// A small patrol beat for position tests: area A (cells side by side) and area B
// (cell B-1 east of them), an officer assigned to area A, and the officer's bodycam with a token.
//   lon 111.600 ─ A-1 ─ 111.610 ─ A-2 ─ 111.620 ─ B-1 ─ 111.630, lat 40.800 … 40.810
import type { TestApp } from './test-app';

export interface PatrolFixture {
  areaA: string;
  areaB: string;
  cells: { a1: string; a2: string; b1: string };
  officerId: string;
  deviceId: string;
  deviceToken: string;
  deviceUniqueId: string;
}

const square = (west: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [west, 40.8],
      [west + 0.01, 40.8],
      [west + 0.01, 40.81],
      [west, 40.81],
      [west, 40.8],
    ],
  ],
});

/** Centre of a cell, for fixes that must land in it. */
export const CELL_CENTRES = {
  a1: { lat: 40.805, lon: 111.605 },
  a2: { lat: 40.805, lon: 111.615 },
  b1: { lat: 40.805, lon: 111.625 },
} as const;

export async function createPatrolFixture(test: TestApp, uniqueId = 'BC-PATROL-1'): Promise<PatrolFixture> {
  const post = async <T>(url: string, payload?: Record<string, unknown>): Promise<T> => {
    const response = await test.app.inject({
      method: 'POST',
      url,
      headers: test.auth('administrator'),
      payload,
    });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  const areaA = (await post<{ id: string }>('/api/grids/areas', { code: 'A', name: 'Area A' })).id;
  const areaB = (await post<{ id: string }>('/api/grids/areas', { code: 'B', name: 'Area B' })).id;
  const cell = (areaId: string, code: string, west: number) =>
    post<{ id: string }>('/api/grids/cells', { areaId, code, name: code, geometry: square(west) }).then(
      (created) => created.id,
    );
  const cells = {
    a1: await cell(areaA, 'A-1', 111.6),
    a2: await cell(areaA, 'A-2', 111.61),
    b1: await cell(areaB, 'B-1', 111.62),
  };
  const officer = await post<{ id: string }>('/api/officers', {
    badgeNo: `P-${uniqueId}`,
    name: 'Officer Wang',
    areaId: areaA,
  });
  const device = await post<{ id: string }>('/api/devices', {
    kind: 'bodycam',
    name: `Bodycam ${uniqueId}`,
    uniqueId,
    officerId: officer.id,
  });
  const token = await post<{ token: string }>(`/api/devices/${device.id}/token`);
  return {
    areaA,
    areaB,
    cells,
    officerId: officer.id,
    deviceId: device.id,
    deviceToken: token.token,
    deviceUniqueId: uniqueId,
  };
}

/** A fix at a cell's centre, offset east by `metresEast` (1 m ≈ 0.0000119° of longitude here). */
export function fixAt(
  cell: keyof typeof CELL_CENTRES,
  fixTime: Date | string,
  metresEast = 0,
  extra: Record<string, unknown> = {},
) {
  const centre = CELL_CENTRES[cell];
  return {
    fixTime: typeof fixTime === 'string' ? fixTime : fixTime.toISOString(),
    lat: centre.lat,
    lon: centre.lon + metresEast * 0.0000119,
    ...extra,
  };
}
