// The audit trail: every change leaves a row, rows cannot be edited, tampering is found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestApp, type TestApp } from './helpers/test-app';

describe('audit log', () => {
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

  const admin = () => t.auth('administrator');

  it('records every change to officers, devices, grids and roles with who, what and from where', async () => {
    const area = await t.app.inject({
      method: 'POST',
      url: '/api/grids/areas',
      headers: admin(),
      payload: { code: '150102001', name: '第一片区' },
    });
    const cell = await t.app.inject({
      method: 'POST',
      url: '/api/grids/cells',
      headers: admin(),
      payload: {
        areaId: area.json().id,
        code: '150102001-001',
        name: '1号网格',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [111.66, 40.81],
              [111.67, 40.81],
              [111.67, 40.82],
              [111.66, 40.82],
              [111.66, 40.81],
            ],
          ],
        },
      },
    });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/grids/cells/${cell.json().id}`,
      headers: admin(),
      payload: { name: '一号网格' },
    });
    const officer = await t.app.inject({
      method: 'POST',
      url: '/api/officers',
      headers: admin(),
      payload: { badgeNo: '0401001', name: '张伟', areaId: area.json().id },
    });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/officers/${officer.json().id}`,
      headers: admin(),
      payload: { status: 'available' },
    });
    const device = await t.app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: admin(),
      payload: { kind: 'bodycam', name: '执法记录仪', uniqueId: 'BC-0401001', officerId: officer.json().id },
    });
    await t.app.inject({ method: 'POST', url: `/api/devices/${device.json().id}/token`, headers: admin() });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${t.userIds.operator}`,
      headers: admin(),
      payload: { role: 'supervisor' },
    });

    const entries = (await t.app.inject({ url: '/api/audit?limit=500', headers: admin() })).json() as {
      action: string;
      actor: string;
      ip: string | null;
      targetId: string | null;
    }[];
    const actions = entries.map((entry) => entry.action);
    for (const expected of [
      'grid.area-created',
      'grid.cell-created',
      'grid.cell-updated',
      'officer.created',
      'officer.updated',
      'device.created',
      'device.token-issued',
      'user.role-changed',
      'auth.sign-in',
    ]) {
      expect(actions).toContain(expected);
    }
    const officerEntry = entries.find((entry) => entry.action === 'officer.created')!;
    expect(officerEntry).toMatchObject({
      actor: 'test-administrator',
      ip: '127.0.0.1',
      targetId: officer.json().id,
    });
    // Newest first.
    expect(actions[0]).toBe('user.role-changed');
  });

  it('keeps the area outline equal to the union of its cells', async () => {
    const areas = (await t.app.inject({ url: '/api/grids/areas', headers: admin() })).json();
    const area = areas.features.find(
      (feature: { properties: { code: string } }) => feature.properties.code === '150102001',
    );
    expect(area.geometry.type).toBe('MultiPolygon');
    const cells = (await t.app.inject({ url: '/api/grids/cells', headers: t.auth('officer') })).json();
    expect(cells.features[0].properties).toMatchObject({
      code: '150102001-001',
      name: '一号网格',
      areaCode: '150102001',
    });
    expect(cells.features[0].geometry.coordinates[0]).toHaveLength(5);
  });

  it('cannot be edited or deleted, even with direct SQL', async () => {
    await expect(sql.query("UPDATE audit_log SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(sql.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(sql.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('verifies an intact chain, and names the first row a superuser tampered with', async () => {
    const intact = (await t.app.inject({ url: '/api/audit/verify', headers: t.auth('supervisor') })).json();
    expect(intact.ok).toBe(true);
    expect(intact.checked).toBeGreaterThan(10);

    const { rows } = await sql.query("SELECT id FROM audit_log WHERE action = 'officer.created'");
    const tamperedId = Number(rows[0].id);
    await sql.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await sql.query(
      "UPDATE audit_log SET details = jsonb_set(details, '{name}', '\"someone else\"') WHERE id = $1",
      [tamperedId],
    );
    await sql.query('ALTER TABLE audit_log ENABLE TRIGGER USER');

    const broken = (await t.app.inject({ url: '/api/audit/verify', headers: t.auth('supervisor') })).json();
    expect(broken).toEqual({ ok: false, checked: expect.any(Number), firstBrokenId: tamperedId });
  });
});
