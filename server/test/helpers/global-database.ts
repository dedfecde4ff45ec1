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
    runDatabasePrefix: string;
  }
}

/**
 * Every database of this run is named `fcc_test_p<pid>_…`, so that runs sharing one server
 * (TEST_DATABASE_URL, several checkouts at once) leave each other's databases alone.
 */
const RUN_PREFIX = `fcc_test_p${process.pid}_`;
const TEMPLATE = `${RUN_PREFIX}template`;

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
  await dropDatabasesOfEndedRuns(admin);
  await admin.query(`CREATE DATABASE "${TEMPLATE}"`);
  await admin.end();

  const template = connectDatabase(withDatabase(adminUrl, TEMPLATE), log);
  await migrateDatabase(template, log);
  await template.close();

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE);
  project.provide('runDatabasePrefix', RUN_PREFIX);
  return async () => {
    if (embedded) return embedded.close();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`);
    await cleanup.end();
  };
}

/**
 * Databases left by interrupted runs would otherwise accumulate: drop those whose run's process
 * is gone (and those of the older unprefixed naming). Assumes the server's clients run on this
 * machine, as they do for tests.
 */
async function dropDatabasesOfEndedRuns(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'fcc\\_test\\_%'",
  );
  for (const { datname } of rows) {
    const pid = /^fcc_test_p(\d+)_/.exec(datname)?.[1];
    if (pid !== undefined && isRunning(Number(pid))) continue;
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
