// Each role (and a partner key holding every scope) against each route family: allowed, or 403;
// no token: 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER_SCOPES, ROLES, type Role } from '@fcc/shared';
import { createTestApp, type TestApp } from './helpers/test-app';

type Who = Role | 'device' | 'partner';
const NOBODY_ID = '00000000-0000-4000-8000-000000000000';

interface Family {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  payload?: object | string;
  /** For bodies that are not JSON (WHIP/WHEP take application/sdp). */
  contentType?: string;
  allowed: readonly Who[];
}

const STAFF: Role[] = ['administrator', 'operator', 'supervisor'];
/** Officers read their own recordings; operators watch live but do not replay. */
const RECORDING_READERS: Role[] = ['administrator', 'supervisor', 'officer'];

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
  { name: 'streams: list', method: 'GET', url: '/api/streams', allowed: ROLES },
  {
    name: 'streams: watch (WHEP)',
    method: 'POST',
    url: `/api/streams/${NOBODY_ID}/whep`,
    payload: 'v=0\r\n',
    contentType: 'application/sdp',
    allowed: ROLES,
  },
  { name: 'streams: stop watching', method: 'DELETE', url: `/api/media/whep/${NOBODY_ID}`, allowed: ROLES },
  {
    name: 'streams: end',
    method: 'DELETE',
    url: `/api/streams/${NOBODY_ID}`,
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'media: stop publishing (WHIP)',
    method: 'DELETE',
    url: `/api/media/whip/${NOBODY_ID}`,
    allowed: ['device'],
  },
  {
    name: 'media: ask a device to stream',
    method: 'POST',
    url: `/api/media/devices/${NOBODY_ID}/stream-request`,
    payload: {},
    allowed: STAFF,
  },
  {
    name: 'media: device settings',
    method: 'GET',
    url: `/api/media/devices/${NOBODY_ID}/settings`,
    allowed: STAFF,
  },
  {
    name: 'media: change device settings',
    method: 'PUT',
    url: `/api/media/devices/${NOBODY_ID}/settings`,
    payload: { recordContinuously: true },
    allowed: ['administrator'],
  },
  {
    name: 'media: talk to a device',
    method: 'POST',
    url: `/api/media/devices/${NOBODY_ID}/talkback`,
    payload: 'v=0\r\n',
    contentType: 'application/sdp',
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'media: stop talking',
    method: 'DELETE',
    url: `/api/media/talkback/${NOBODY_ID}`,
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'media: device stops hearing talkback',
    method: 'DELETE',
    url: `/api/media/talkback/whep/${NOBODY_ID}`,
    allowed: ['device'],
  },
  { name: 'recordings: list', method: 'GET', url: '/api/recordings', allowed: RECORDING_READERS },
  {
    name: 'replay',
    method: 'GET',
    url: `/api/replay?officerId=${NOBODY_ID}&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z`,
    allowed: RECORDING_READERS,
  },
  {
    name: 'recordings: audit trail',
    method: 'GET',
    url: `/api/recordings/${NOBODY_ID}/audit`,
    allowed: ['administrator', 'supervisor'],
  },
  { name: 'recordings: one', method: 'GET', url: `/api/recordings/${NOBODY_ID}`, allowed: RECORDING_READERS },
  {
    name: 'recordings: verify',
    method: 'POST',
    url: `/api/recordings/${NOBODY_ID}/verify`,
    allowed: RECORDING_READERS,
  },
  {
    name: 'recordings: playlist',
    method: 'GET',
    url: `/api/recordings/${NOBODY_ID}/playlist`,
    allowed: RECORDING_READERS,
  },
  {
    name: 'recordings: segment file',
    method: 'GET',
    url: `/api/recordings/${NOBODY_ID}/segments/0/file`,
    allowed: RECORDING_READERS,
  },
  {
    name: 'recordings: to complete',
    method: 'GET',
    url: '/api/recordings/to-complete',
    allowed: RECORDING_READERS,
  },
  {
    name: 'recordings: describe',
    method: 'PATCH',
    url: `/api/recordings/${NOBODY_ID}`,
    payload: { stage: 'other' },
    allowed: RECORDING_READERS,
  },
  {
    name: 'recordings: retention run',
    method: 'POST',
    url: '/api/recordings/retention/run',
    allowed: ['administrator'],
  },
  { name: 'cases: list', method: 'GET', url: '/api/cases', allowed: ['administrator', 'supervisor'] },
  {
    name: 'cases: one',
    method: 'GET',
    url: `/api/cases/${NOBODY_ID}`,
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'cases: attach a recording',
    method: 'POST',
    url: `/api/cases/${NOBODY_ID}/recordings`,
    payload: { recordingId: NOBODY_ID },
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'cases: legal hold',
    method: 'PUT',
    url: `/api/cases/${NOBODY_ID}/legal-hold`,
    payload: { legalHold: true },
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'cases: add a file',
    method: 'POST',
    url: `/api/cases/${NOBODY_ID}/files?kind=photo&name=a.png`,
    payload: 'not really a picture',
    contentType: 'image/png',
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'cases: download a file',
    method: 'GET',
    url: `/api/cases/${NOBODY_ID}/files/${NOBODY_ID}`,
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'cases: detach a task',
    method: 'POST',
    url: `/api/cases/${NOBODY_ID}/tasks/${NOBODY_ID}/detach`,
    payload: { reason: 'wrong matter' },
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'cases: close',
    method: 'POST',
    url: `/api/cases/${NOBODY_ID}/close`,
    payload: {},
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'cases: audit trail',
    method: 'GET',
    url: `/api/cases/${NOBODY_ID}/audit`,
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'partners: deliveries',
    method: 'GET',
    url: `/api/partners/${NOBODY_ID}/deliveries`,
    allowed: ['administrator'],
  },
  { name: 'tasks: board', method: 'GET', url: '/api/tasks', allowed: [...ROLES, 'partner'] },
  { name: 'tasks: one', method: 'GET', url: `/api/tasks/${NOBODY_ID}`, allowed: [...ROLES, 'partner'] },
  {
    name: 'tasks: create',
    method: 'POST',
    url: '/api/tasks',
    payload: { category: 'noise', priority: 'low', description: 'matrix', location: { lat: 40, lon: 111 } },
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'tasks: report',
    method: 'POST',
    url: '/api/reports',
    payload: { externalId: 'matrix-1', category: 'noise', description: 'x', location: { lat: 40, lon: 111 } },
    allowed: ['administrator', 'operator', 'partner'],
  },
  {
    name: 'tasks: statistics',
    method: 'GET',
    url: '/api/tasks/stats?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&groupBy=day',
    allowed: STAFF,
  },
  {
    name: 'tasks: recommendations',
    method: 'GET',
    url: `/api/tasks/${NOBODY_ID}/recommendations`,
    allowed: STAFF,
  },
  {
    name: 'tasks: dispatch',
    method: 'POST',
    url: `/api/tasks/${NOBODY_ID}/dispatch`,
    payload: { officerIds: [NOBODY_ID] },
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'tasks: a step',
    method: 'POST',
    url: `/api/tasks/${NOBODY_ID}/acknowledge`,
    payload: {},
    allowed: ROLES,
  },
  {
    name: 'tasks: a step from the device',
    method: 'POST',
    url: `/api/device/tasks/${NOBODY_ID}/acknowledge`,
    payload: {},
    allowed: ['device'],
  },
  { name: 'task categories: list', method: 'GET', url: '/api/task-categories', allowed: ROLES },
  {
    name: 'task categories: change',
    method: 'PATCH',
    url: '/api/task-categories/no-such-category',
    payload: { autoDispatch: true },
    allowed: ['administrator'],
  },
  { name: 'duty: now', method: 'GET', url: '/api/duty', allowed: STAFF },
  {
    name: 'duty: the roster',
    method: 'GET',
    url: '/api/shifts?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
    allowed: STAFF,
  },
  {
    name: 'duty: end a shift',
    method: 'POST',
    url: `/api/shifts/${NOBODY_ID}/end`,
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'statistics: tasks',
    method: 'GET',
    url: '/api/statistics/tasks?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'statistics: officers (CSV)',
    method: 'GET',
    url: '/api/statistics/officers?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&format=csv',
    allowed: ['administrator', 'supervisor'],
  },
  {
    name: 'duty: add a shift',
    method: 'POST',
    url: `/api/officers/${NOBODY_ID}/shifts`,
    payload: { startsAt: '2026-01-01T08:00:00Z', endsAt: '2026-01-01T16:00:00Z' },
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'duty: remove a shift',
    method: 'DELETE',
    url: `/api/shifts/${NOBODY_ID}`,
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'duty: responsible cells',
    method: 'PUT',
    url: `/api/officers/${NOBODY_ID}/cells`,
    payload: { cellIds: [] },
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'tracks: an officer',
    method: 'GET',
    url: `/api/officers/${NOBODY_ID}/track?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z`,
    allowed: STAFF,
  },
  { name: 'inspection targets: list', method: 'GET', url: '/api/inspection-targets', allowed: STAFF },
  {
    name: 'inspection targets: change',
    method: 'PATCH',
    url: `/api/inspection-targets/${NOBODY_ID}`,
    payload: { active: false },
    allowed: ['administrator', 'operator'],
  },
  {
    name: 'inspection targets: label',
    method: 'GET',
    url: `/api/inspection-targets/${NOBODY_ID}/label.svg`,
    allowed: ['administrator', 'operator'],
  },
  {
    // No targets in the matrix database: an allowed caller gets 422 (handled below as allowed).
    name: 'spot checks: draw',
    method: 'POST',
    url: '/api/spot-checks',
    payload: { rules: { targets: 1 } },
    allowed: STAFF,
  },
  { name: 'spot checks: published', method: 'GET', url: '/api/spot-checks', allowed: [...STAFF, 'partner'] },
  {
    name: 'spot checks: verify',
    method: 'GET',
    url: `/api/spot-checks/${NOBODY_ID}/verify`,
    allowed: [...STAFF, 'partner'],
  },
  {
    name: 'inspections: check-in',
    method: 'POST',
    url: '/api/device/check-in',
    payload: { qr: `FCC-CHECKIN:ck_${'A'.repeat(22)}` },
    allowed: ['device'],
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
        headers: family.contentType ? { 'content-type': family.contentType } : {},
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toMatch(/sign in|token/i);
    });

    it.each(everyone)('%s', async (who) => {
      const response = await t.app.inject({
        method: family.method,
        url: family.url,
        payload: family.payload,
        headers: { ...headersOf(who), ...(family.contentType ? { 'content-type': family.contentType } : {}) },
      });
      if (family.allowed.includes(who)) {
        expect([200, 201, 204, 404, 422]).toContain(response.statusCode);
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
