// Sign-in, sessions, device tokens and their audit trail, against real PostGIS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { hashToken } from '../src/modules/auth/tokens';
import { createTestApp, TEST_PASSWORD, type TestApp } from './helpers/test-app';

describe('authentication', () => {
  let t: TestApp;
  let sql: pg.Client;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '5' });
    sql = new pg.Client({ connectionString: t.databaseUrl });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await t.close();
  });

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  const auditActions = async (action: string) =>
    (
      await sql.query('SELECT actor, target_id, details FROM audit_log WHERE action = $1 ORDER BY id', [
        action,
      ])
    ).rows;

  it('signs in with the right password, returns a token and the account, and audits it', async () => {
    const before = (await auditActions('auth.sign-in')).length;
    const response = await login('test-operator', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.token).toMatch(/^fcc_u_/);
    expect(body.user).toMatchObject({ username: 'test-operator', role: 'operator', disabled: false });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
    const me = await t.app.inject({
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.json().username).toBe('test-operator');
    expect((await auditActions('auth.sign-in')).length).toBe(before + 1);
  });

  it('answers a wrong password and an unknown user with the same 401, and audits both', async () => {
    const wrongPassword = await login('test-supervisor', 'not the password');
    const unknownUser = await login('nobody-here', 'not the password');
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownUser.statusCode).toBe(401);
    expect(wrongPassword.json().message).toBe('Wrong username or password.');
    expect(unknownUser.json().message).toBe(wrongPassword.json().message);
    const failures = await auditActions('auth.sign-in-failed');
    expect(failures.map((row) => row.details.reason)).toEqual(
      expect.arrayContaining(['wrong password', 'unknown username']),
    );
  });

  it('rate-limits repeated sign-in attempts for one account with 429 and a wait time', async () => {
    const statuses: number[] = [];
    // An account nobody has used in this run, so the window starts empty.
    for (let attempt = 0; attempt < 6; attempt++)
      statuses.push((await login('night-shift', 'guess')).statusCode);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const limited = await login('night-shift', 'guess');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/Too many sign-in attempts; try again in \d+ s/);
    // Another account from the same address is not locked out.
    expect((await login('test-supervisor', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('signs out: the token stops working at once', async () => {
    const { token } = (await login('test-supervisor', TEST_PASSWORD)).json();
    const headers = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/auth/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toMatch(/signed out/);
  });

  it('refuses an expired session with 401 saying so', async () => {
    const { token } = (await login('test-supervisor', TEST_PASSWORD)).json();
    await sql.query("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE token_hash = $1", [
      hashToken(token),
    ]);
    const response = await t.app.inject({
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/expired/);
  });

  it('a role change revokes the account’s sessions and is audited with before and after', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: t.auth('administrator'),
      payload: {
        username: 'duty-lead',
        displayName: '值班长',
        password: 'a long password',
        role: 'operator',
      },
    });
    expect(created.statusCode).toBe(201);
    const session = (await login('duty-lead', 'a long password')).json();
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${created.json().id}`,
      headers: t.auth('administrator'),
      payload: { role: 'supervisor' },
    });
    expect(changed.json().role).toBe('supervisor');
    const stale = await t.app.inject({
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(stale.statusCode).toBe(401);
    const [audit] = await auditActions('user.role-changed');
    expect(audit).toMatchObject({
      actor: 'test-administrator',
      details: { roleBefore: 'operator', roleAfter: 'supervisor' },
    });
  });

  it('a disabled account cannot sign in, and says it is disabled only to someone with the right password', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: t.auth('administrator'),
      payload: { username: 'leaver', displayName: '离职', password: 'a long password', role: 'operator' },
    });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${created.json().id}`,
      headers: t.auth('administrator'),
      payload: { disabled: true },
    });
    const right = await login('leaver', 'a long password');
    expect(right.statusCode).toBe(401);
    expect(right.json().message).toMatch(/disabled/);
    expect((await login('leaver', 'wrong password')).json().message).toBe('Wrong username or password.');
  });
});

describe('device tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lets a device see itself with its token, and never shows the token again', async () => {
    const self = await t.app.inject({ url: '/api/device/self', headers: t.auth('device') });
    expect(self.statusCode).toBe(200);
    expect(self.json().device).toMatchObject({ id: t.device.id, uniqueId: 'BC-TEST-1', hasToken: true });
    const list = await t.app.inject({ url: '/api/devices', headers: t.auth('administrator') });
    expect(list.body).not.toContain(t.device.token);
    expect(JSON.stringify(list.json())).not.toMatch(/fcc_d_/);
  });

  it('re-issuing replaces the old token; revoking ends the new one', async () => {
    const reissued = await t.app.inject({
      method: 'POST',
      url: `/api/devices/${t.device.id}/token`,
      headers: t.auth('administrator'),
    });
    expect(reissued.statusCode).toBe(201);
    const newToken = reissued.json().token as string;
    const old = await t.app.inject({ url: '/api/device/self', headers: t.auth('device') });
    expect(old.statusCode).toBe(401);
    expect(old.json().message).toMatch(/revoked or replaced/);
    const fresh = await t.app.inject({
      url: '/api/device/self',
      headers: { authorization: `Bearer ${newToken}` },
    });
    expect(fresh.statusCode).toBe(200);

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/devices/${t.device.id}/token`,
      headers: t.auth('administrator'),
    });
    expect(revoked.statusCode).toBe(204);
    const after = await t.app.inject({
      url: '/api/device/self',
      headers: { authorization: `Bearer ${newToken}` },
    });
    expect(after.statusCode).toBe(401);
    const devices = (await t.app.inject({ url: '/api/devices', headers: t.auth('administrator') })).json();
    expect(devices.find((device: { id: string }) => device.id === t.device.id).hasToken).toBe(false);
  });
});
