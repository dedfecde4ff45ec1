// Each role (and a partner key holding every scope) against each route family: allowed, or 403;
// no token: 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_SCOPES, ROLES, type Role } from '@fcc/shared';
import { createTestApp, type TestApp } from './helpers/test-app';

type Who = Role | 'device' | 'partner';
const NOBODY_ID = '00000000-0000-4000-8000-000000000000';

interface Family {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object;
  allowed: readonly Who[];
}

const STAFF: Role[] = ['administrator', 'operator', 'supervisor'];

// Writes use ids that do not exist: an allowed caller gets 404, a refused one 403,
// and no test data changes underneath the other rows.
const families: Family[] = [
  { name: 'own account', method: 'GET', url: '/api/auth/me', allowed: ROLES },
  { name: 'users: list', method: 'GET', url: '/api/users', allowed: ['administrator'] },
  {
    name: 'users: change',
    method: 'PATCH',
    url: `/api/users/${NOBODY_ID}`,
    payload: { displayName: 'x' },
    allowed: ['administrator'],
  },
  { name: 'officers: list', method: 'GET', url: '/api/officers', allowed: STAFF },
  { name: 'alerts: list', method: 'GET', url: '/api/alerts', allowed: [...STAFF, 'partner'] },
  { name: 'positions: latest', method: 'GET', url: '/api/positions/latest', allowed: [...STAFF, 'partner'] },
  {
    name: 'officers: change',
    method: 'PATCH',
    url: `/api/officers/${NOBODY_ID}`,
    payload: { name: 'x' },
    allowed: ['administrator'],
  },
  { name: 'devices: list', method: 'GET', url: '/api/devices', allowed: STAFF },
  {
    name: 'devices: change',
    method: 'PATCH',
    url: `/api/devices/${NOBODY_ID}`,
    payload: { name: 'x' },
    allowed: ['administrator'],
  },
  {
    name: 'devices: issue token',
    method: 'POST',
    url: `/api/devices/${NOBODY_ID}/token`,
    allowed: ['administrator'],
  },
  {
    name: 'devices: revoke token',
    method: 'DELETE',
    url: `/api/devices/${NOBODY_ID}/token`,
    allowed: ['administrator'],
  },
  { name: 'device: self', method: 'GET', url: '/api/device/self', allowed: ['device'] },
  { name: 'grids: read', method: 'GET', url: '/api/grids/cells', allowed: ROLES },
  {
    name: 'grids: change',
    method: 'DELETE',
    url: `/api/grids/cells/${NOBODY_ID}`,
    allowed: ['administrator'],
  },
  {
    name: 'grids: generate',
    method: 'POST',
    url: '/api/grids/generate',
    payload: { area: { areaId: NOBODY_ID }, bbox: [111, 40, 111.01, 40.01], rows: 1, columns: 1 },
    allowed: ['administrator'],
  },
  {
    // An empty file: an allowed caller gets 201 with nothing created.
    name: 'grids: import',
    method: 'POST',
    url: '/api/grids/import',
    payload: { type: 'FeatureCollection', features: [] },
    allowed: ['administrator'],
  },
  { name: 'grids: export', method: 'GET', url: '/api/grids/export', allowed: STAFF },
  { name: 'map: streets', method: 'GET', url: '/api/map/streets', allowed: ROLES },
  { name: 'map: streets for devices', method: 'GET', url: '/api/device/map/streets', allowed: ['device'] },
  { name: 'audit: read', method: 'GET', url: '/api/audit', allowed: ['administrator', 'supervisor'] },
  {
    name: 'audit: verify',
    method: 'GET',
    url: '/api/audit/verify',
    allowed: ['administrator', 'supervisor'],
  },
  { name: 'partners: list', method: 'GET', url: '/api/partners', allowed: ['administrator'] },
  {
    name: 'partners: create',
    method: 'POST',
    url: '/api/partners',
    payload: { name: 'Role matrix partner', scopes: ['alerts:read'] },
    allowed: ['administrator'],
  },
  {
    name: 'partners: revoke',
    method: 'DELETE',
    url: `/api/partners/${NOBODY_ID}`,
    allowed: ['administrator'],
  },
  {
    name: 'partners: add webhook',
    method: 'POST',
    url: `/api/partners/${NOBODY_ID}/webhooks`,
    payload: { url: 'http://127.0.0.1:9/events', events: ['alert.*'] },
    allowed: ['administrator'],
  },
  {
    name: 'partners: webhooks',
    method: 'GET',
    url: `/api/partners/${NOBODY_ID}/webhooks`,
    allowed: ['administrator'],
  },
  {
    name: 'partners: delete webhook',
    method: 'DELETE',
    url: `/api/partners/${NOBODY_ID}/webhooks/${NOBODY_ID}`,
    allowed: ['administrator'],
  },
  {
    name: 'partners: deliveries',
    method: 'GET',
    url: `/api/partners/${NOBODY_ID}/deliveries`,
    allowed: ['administrator'],
  },
];

const everyone: Who[] = [...ROLES, 'device', 'partner'];

describe('role matrix', () => {
  let t: TestApp;
  let partnerKey: string;
  beforeAll(async () => {
    t = await createTestApp();
    const partner = await t.app.inject({
      method: 'POST',
      url: '/api/partners',
      headers: t.auth('administrator'),
      payload: { name: 'Every scope', scopes: PARTNER_SCOPES },
    });
    partnerKey = partner.json<{ key: string }>().key;
  });
  const headersOf = (who: Who) =>
    who === 'partner' ? { authorization: `Bearer ${partnerKey}` } : t.auth(who);
  afterAll(() => t.close());

  describe.each(families)('$name ($method $url)', (family) => {
    it('answers 401 without a token', async () => {
      const response = await t.app.inject({
        method: family.method,
        url: family.url,
        payload: family.payload,
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toMatch(/sign in|token/i);
    });

    it.each(everyone)('%s', async (who) => {
      const response = await t.app.inject({
        method: family.method,
        url: family.url,
        payload: family.payload,
        headers: headersOf(who),
      });
      if (family.allowed.includes(who)) {
        expect([200, 201, 204, 404]).toContain(response.statusCode);
      } else {
        expect(response.statusCode).toBe(403);
        expect(response.json().message.length).toBeGreaterThan(10);
      }
    });
  });

  it('rejects a token this server never issued with 401', async () => {
    const response = await t.app.inject({
      url: '/api/auth/me',
      headers: { authorization: 'Bearer fcc_u_not-a-real-token' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/not valid/);
  });

  it('rejects a malformed Authorization header with 401 and says the expected form', async () => {
    const response = await t.app.inject({ url: '/api/auth/me', headers: { authorization: 'Token abc' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toContain('Bearer <token>');
  });

  it('leaves public routes open: client config, health, docs', async () => {
    expect((await t.app.inject({ url: '/api/config' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
  });
});
