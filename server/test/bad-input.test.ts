// Malformed, mistyped, unknown and oversized input: a 4xx that says what is wrong,
// nothing partial written, the server still answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp, type TestApp } from './helpers/test-app';

describe('bad input', () => {
  let t: TestApp;
  let sql: pg.Client;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '4096' });
    sql = new pg.Client({ connectionString: t.databaseUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await t.close();
  });

  const count = async (table: string) =>
    (await sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const post = (url: string, payload: string | object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', ...t.auth('administrator'), ...headers },
    });

  it('malformed JSON: 400 saying the body is not valid JSON', async () => {
    const response = await post('/api/officers', '{"badgeNo": "1", "name": ');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.json().message).toMatch(/not valid JSON/);
  });

  it('wrong type: 400 naming the field', async () => {
    const response = await post('/api/officers', { badgeNo: 1234, name: ['x'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/"(badgeNo|name)" must be string/);
  });

  it('unknown field: 400 naming it', async () => {
    const response = await post('/api/officers', { badgeNo: '0409', name: '李四', rank: 'chief' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('unknown field "rank"');
  });

  it('missing field: 400 naming it', async () => {
    const response = await post('/api/devices', { kind: 'bodycam', name: 'cam' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('missing field "uniqueId"');
  });

  it('bad enum value: 400', async () => {
    const response = await post('/api/devices', { kind: 'toaster', name: 'cam', uniqueId: 'X-1' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/kind/);
  });

  it('oversized body: 413, nothing written', async () => {
    const before = await count('officers');
    const response = await post('/api/officers', { badgeNo: '0410', name: 'x'.repeat(10_000) });
    expect(response.statusCode).toBe(413);
    expect(response.json().message).toMatch(/too large/);
    expect(await count('officers')).toBe(before);
  });

  it('a reference to a missing area: 404, and neither the officer nor an audit row is written', async () => {
    const [officers, audit] = [await count('officers'), await count('audit_log')];
    const response = await post('/api/officers', {
      badgeNo: '0411',
      name: '王五',
      areaId: '00000000-0000-4000-8000-000000000000',
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toMatch(/No grid area/);
    expect(await count('officers')).toBe(officers);
    expect(await count('audit_log')).toBe(audit);
  });

  it('a duplicate unique id: 409 naming it, the first device untouched', async () => {
    const first = await post('/api/devices', { kind: 'phone', name: 'phone', uniqueId: 'PH-DUP' });
    expect(first.statusCode).toBe(201);
    const second = await post('/api/devices', { kind: 'bodycam', name: 'other', uniqueId: 'PH-DUP' });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toContain('PH-DUP');
    const { rows } = await sql.query("SELECT kind, name FROM devices WHERE unique_id = 'PH-DUP'");
    expect(rows).toEqual([{ kind: 'phone', name: 'phone' }]);
  });

  it('an invalid grid cell polygon (self-intersecting bow-tie): 400 with the reason, nothing written', async () => {
    const area = await post('/api/grids/areas', { code: 'A99', name: 'Test area' });
    const cells = await count('grid_cells');
    const response = await post('/api/grids/cells', {
      areaId: area.json().id,
      code: 'A99-001',
      name: 'bow-tie',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [1, 0],
            [0, 1],
            [0, 0],
          ],
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/not valid: Self-intersection/);
    expect(await count('grid_cells')).toBe(cells);
  });

  it('an unclosed ring: 400 saying so', async () => {
    const area = await post('/api/grids/areas', { code: 'A98', name: 'Test area' });
    const response = await post('/api/grids/cells', {
      areaId: area.json().id,
      code: 'A98-001',
      name: 'open',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/not closed/);
  });

  it('a bad id in the path: 400, not a database error', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/officers/not-a-uuid',
      payload: { name: 'x' },
      headers: t.auth('administrator'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/id/);
  });

  it('an unknown route: 404 naming it', async () => {
    const response = await t.app.inject({ url: '/api/nothing-here', headers: t.auth('administrator') });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toBe('No route GET /api/nothing-here.');
  });

  it('keeps serving after all of that', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok', database: 'ok' });
  });
});
