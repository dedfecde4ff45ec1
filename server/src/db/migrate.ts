// Applies migrations/ at start. PostGIS must exist before the first migration
// uses its types, so the extension is created here, not in a migration file.
import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './client';

const migrationsFolder = path.resolve(import.meta.dirname, '../../../migrations');

export class PostgisUnavailableError extends Error {}

export async function migrateDatabase({ pool, db }: DatabaseHandle, log: Logger): Promise<void> {
  await ensurePostgisExtension(pool, log);
  // Two servers starting at once against the same database take turns.
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7461001)');
    await migrate(db, { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7461001)');
    client.release();
  }
  log.info('database migrations applied');
}

async function ensurePostgisExtension(pool: DatabaseHandle['pool'], log: Logger): Promise<void> {
  const { rows } = await pool.query<{ installed: boolean; available: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') AS installed,
            EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') AS available`,
  );
  const state = rows[0];
  if (state?.installed) return;
  if (!state?.available) {
    throw new PostgisUnavailableError(
      'PostGIS is not installed on the database server. On Debian: ' +
        'sudo apt-get install -y postgresql-15-postgis-3 (match the server major version).',
    );
  }
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS postgis');
    log.info('postgis extension created');
  } catch (error) {
    throw new PostgisUnavailableError(
      `Could not create the postgis extension (${(error as Error).message}). ` +
        'Ask the database owner to run: CREATE EXTENSION postgis;',
    );
  }
}
