// Builds the real app on a fresh database, with one signed-in account per role
// and a device holding a token, so tests can act as anyone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ROLES, type Role } from '@fcc/shared';
import { buildApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { hashPassword } from '../../src/modules/auth/passwords';
import { createTestDatabase } from './test-database';

export const TEST_PASSWORD = 'correct horse battery';

export interface TestApp {
  app: App;
  config: Config;
  databaseUrl: string;
  tokens: Record<Role, string>;
  userIds: Record<Role, string>;
  device: { id: string; token: string };
  auth(role: Role | 'device'): { authorization: string };
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // Streams published in tests are recorded: into a folder of this app's own, not ./data.
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-test-app-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    DASHBOARD_DIR: '/nonexistent',
    // Tests run in parallel: a test that wants the RTMP listener asks for RTMP_PORT 0 (any free port).
    RTMP_PORT: 'off',
    ...env,
  });
  const app = await buildApp({ config, database, log: pino({ level: 'silent' }) });
  await app.ready();

  const passwordHash = await hashPassword(TEST_PASSWORD);
  const tokens = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    const user = await app.services.repositories.users.insert(database.db, {
      username: `test-${role}`,
      displayName: `Test ${role}`,
      passwordHash,
      role,
      officerId: null,
    });
    userIds[role] = user.id;
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: `test-${role}`, password: TEST_PASSWORD },
    });
    if (response.statusCode !== 200) throw new Error(`test login failed: ${response.body}`);
    tokens[role] = response.json<{ token: string }>().token;
  }

  const device = await app.inject({
    method: 'POST',
    url: '/api/devices',
    headers: { authorization: `Bearer ${tokens.administrator}` },
    payload: { kind: 'bodycam', name: 'Test bodycam', uniqueId: 'BC-TEST-1' },
  });
  const deviceId = device.json<{ id: string }>().id;
  const issued = await app.inject({
    method: 'POST',
    url: `/api/devices/${deviceId}/token`,
    headers: { authorization: `Bearer ${tokens.administrator}` },
  });
  const deviceToken = issued.json<{ token: string }>().token;

  return {
    app,
    config,
    databaseUrl: database.url,
    tokens,
    userIds,
    device: { id: deviceId, token: deviceToken },
    auth: (who) => ({ authorization: `Bearer ${who === 'device' ? deviceToken : tokens[who]}` }),
    close: async () => {
      await app.close();
      await database.close();
      if (!env.DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
