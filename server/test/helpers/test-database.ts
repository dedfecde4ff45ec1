// A fresh database per test file, cloned from the migrated template.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/client';
import { withDatabase } from './global-database';

export async function createTestDatabase(): Promise<DatabaseHandle & { url: string }> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `${inject('runDatabasePrefix')}${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`);
  const url = withDatabase(adminUrl, name);
  const handle = connectDatabase(url, pino({ level: 'silent' }));
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
