// Starts one real PostGIS for the whole test run and migrates a template
// database; each test file clones the template (fast, isolated).
// TEST_DATABASE_URL uses an existing server instead of the embedded cluster.
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../../src/db/client';
import { EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrateDatabase } from '../../src/db/migrate';
import { ensurePostgisInstalled } from '../../src/db/postgis-install';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

const TEMPLATE = 'fcc_test_template';

export default async function setup(project: TestProject) {
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  let embedded: EmbeddedPostgres | undefined;
  const startEmbedded = async () => {
    await ensurePostgisInstalled(log);
    embedded = await EmbeddedPostgres.create({
      dataDir: path.resolve(import.meta.dirname, '../../../data/test'),
      log,
    });
    return embedded.connectionString;
  };
  const adminUrl = process.env.TEST_DATABASE_URL || (await startEmbedded());

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Clones left by an interrupted run would otherwise accumulate.
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'fcc_test_%'",
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE}"`);
  await admin.end();

  const template = connectDatabase(withDatabase(adminUrl, TEMPLATE), log);
  await migrateDatabase(template, log);
  await template.close();

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE);
  return async () => {
    await embedded?.close();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
