// Tracks and presence over real stored fixes: a 30-minute beat with a 10-minute stop.
import type { OfficerPresence, Track } from '@fcc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

let test: TestApp;
let patrol: PatrolFixture;
const start = Date.UTC(2026, 10, 23, 1, 0, 0); // 09:00 in Beijing
const STEP_MS = 5000;
const WALK_MPS = 0.7;
const METRES_PER_DEGREE_LON = 1 / 0.0000119;

/** Walk east 10 min, stand 10 min (5 m jitter), walk east 10 min: 360 fixes, from A-1 into A-2. */
function beat() {
  const fixes = [];
  let metres = 0;
  for (let i = 0; i < 360; i += 1) {
    const minute = (i * STEP_MS) / 60_000;
    const walking = minute < 10 || minute >= 20;
    if (walking && i > 0) metres += WALK_MPS * (STEP_MS / 1000);
    const jitter = walking ? 0 : (i % 3) - 1; // -1, 0, 1 m
    fixes.push({
      fixTime: new Date(start + i * STEP_MS).toISOString(),
      lat: 40.805 + (walking ? 0 : jitter * 0.000009 * 5),
      lon: 111.6005 + (metres + jitter * 5) / METRES_PER_DEGREE_LON,
    });
  }
  return fixes;
}

beforeAll(async () => {
  test = await createTestApp();
  patrol = await createPatrolFixture(test);
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/device/positions',
    headers: { authorization: `Bearer ${patrol.deviceToken}` },
    payload: { fixes: beat() },
  });
  expect(response.json()).toMatchObject({ stored: 360, outliers: 0 });
  // One GPS glitch 40 km away: stored, flagged, and absent from the track.
  const glitch = await test.app.inject({
    method: 'POST',
    url: '/api/device/positions',
    headers: { authorization: `Bearer ${patrol.deviceToken}` },
    payload: {
      fixes: [{ fixTime: new Date(start + 361 * STEP_MS + 1000).toISOString(), lat: 41.2, lon: 111.6 }],
    },
  });
  expect(glitch.json()).toMatchObject({ stored: 1, outliers: 1 });
});
afterAll(() => test.close());

const range = `from=${new Date(start - 60_000).toISOString()}&to=${new Date(start + 3_600_000).toISOString()}`;

function get(url: string, role: 'operator' | 'officer' = 'operator') {
  return test.app.inject({ method: 'GET', url, headers: test.auth(role) });
}

describe('officer track', () => {
  it('returns every good fix in order, the distance walked and the stop', async () => {
    const response = await get(`/api/officers/${patrol.officerId}/track?${range}`);
    expect(response.statusCode).toBe(200);
    const track = response.json<Track>();
    expect(track.fixCount).toBe(360);
    expect(track.line.coordinates).toHaveLength(360);
    expect(track.times).toEqual([...track.times].sort((a, b) => a - b));
    // 2 × 10 min at 0.7 m/s = 840 m; the jitter while standing is not travel. The stop
    // (30 m radius) also swallows the last and first few metres walked around it.
    expect(track.distanceMetres).toBeGreaterThan(790);
    expect(track.distanceMetres).toBeLessThan(860);
    expect(track.stops).toHaveLength(1);
    expect(track.stops[0]!.durationSeconds).toBeGreaterThanOrEqual(590);
    // Plus the walk through the 30 m radius on either side (at 0.7 m/s, under a minute).
    expect(track.stops[0]!.durationSeconds).toBeLessThanOrEqual(660);
    expect(Math.max(...track.line.coordinates.map(([, lat]) => lat))).toBeLessThan(40.81);
  });

  it('simplifies the line for a zoomed-out map, keeping both ends', async () => {
    const full = (await get(`/api/officers/${patrol.officerId}/track?${range}`)).json<Track>();
    const zoomed = (await get(`/api/officers/${patrol.officerId}/track?${range}&zoom=12`)).json<Track>();
    expect(zoomed.line.coordinates.length).toBeLessThan(full.line.coordinates.length / 10);
    expect(zoomed.line.coordinates[0]).toEqual(full.line.coordinates[0]);
    expect(zoomed.line.coordinates.at(-1)).toEqual(full.line.coordinates.at(-1));
    expect(zoomed.times).toHaveLength(zoomed.line.coordinates.length);
  });

  it('exports GPX with one trkpt per good fix', async () => {
    const response = await get(`/api/officers/${patrol.officerId}/track.gpx?${range}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/gpx/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="track-.*\.gpx"/);
    expect(response.body.match(/<trkpt /g)).toHaveLength(360);
    expect(response.body).toContain('<name>Officer Wang</name>');
  });

  it('refuses bad ranges and unknown officers with a reason, and other roles with 403', async () => {
    const base = `/api/officers/${patrol.officerId}/track`;
    const backwards = await get(`${base}?from=2026-11-23T02:00:00Z&to=2026-11-23T01:00:00Z`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toMatch(/after/);
    expect((await get(`${base}?from=2026-01-01T00:00:00Z&to=2026-11-23T00:00:00Z`)).json().message).toMatch(
      /31 days/,
    );
    expect((await get(`${base}?from=yesterday&to=today`)).statusCode).toBe(400);
    expect((await get(`${base}?${range}&zoom=99`)).statusCode).toBe(400);
    const unknown = await get(`/api/officers/00000000-0000-4000-8000-000000000000/track?${range}`);
    expect(unknown.statusCode).toBe(404);
    expect((await get(`${base}?${range}`, 'officer')).statusCode).toBe(403);
  });
});

describe('presence', () => {
  it('lists who was in a grid cell during a range, and nobody for a cell they never entered', async () => {
    const inA1 = (await get(`/api/grids/cells/${patrol.cells.a1}/presence?${range}`)).json<
      OfficerPresence[]
    >();
    expect(inA1).toHaveLength(1);
    expect(inA1[0]).toMatchObject({ officerId: patrol.officerId, name: 'Officer Wang' });
    expect(inA1[0]!.firstSeen).toBe(new Date(start).toISOString());
    const inB1 = (await get(`/api/grids/cells/${patrol.cells.b1}/presence?${range}`)).json<
      OfficerPresence[]
    >();
    expect(inB1).toEqual([]);
  });

  it('lists who was inside a drawn polygon', async () => {
    const polygon = (west: number, east: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [west, 40.8],
          [east, 40.8],
          [east, 40.81],
          [west, 40.81],
          [west, 40.8],
        ],
      ],
    });
    const ask = (west: number, east: number) =>
      test.app.inject({
        method: 'POST',
        url: '/api/positions/presence',
        headers: test.auth('supervisor'),
        payload: {
          from: new Date(start).toISOString(),
          to: new Date(start + 3_600_000).toISOString(),
          polygon: polygon(west, east),
        },
      });
    const hit = (await ask(111.6, 111.603)).json<OfficerPresence[]>();
    expect(hit.map((presence) => presence.officerId)).toEqual([patrol.officerId]);
    expect((await ask(111.65, 111.66)).json()).toEqual([]);
    const invalid = await test.app.inject({
      method: 'POST',
      url: '/api/positions/presence',
      headers: test.auth('supervisor'),
      payload: {
        from: new Date(start).toISOString(),
        to: new Date(start + 60_000).toISOString(),
        polygon: { type: 'Polygon' },
      },
    });
    expect(invalid.statusCode).toBe(400);
  });
});
