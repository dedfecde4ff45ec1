// A fresh, migrated database for one benchmark run: on DATABASE_URL's server when set, else on
// an embedded PostGIS cluster under data/bench. Dropped at the end.
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { connectDatabase, type DatabaseHandle } from '../../server/src/db/client';
import { EmbeddedPostgres } from '../../server/src/db/embedded-postgres';
import { migrateDatabase } from '../../server/src/db/migrate';
import { ensurePostgisInstalled } from '../../server/src/db/postgis-install';

export async function openBenchDatabase(): Promise<DatabaseHandle & { url: string }> {
  const log = pino({ level: 'warn' });
  let embedded: EmbeddedPostgres | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    await ensurePostgisInstalled(log);
    embedded = await EmbeddedPostgres.create({
      dataDir: path.resolve(import.meta.dirname, '../../data/bench'),
      log,
      database: 'postgres',
    });
    adminUrl = embedded.connectionString;
  }
  const name = `fcc_bench_${Date.now()}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = connectDatabase(url.toString(), log);
  await migrateDatabase(handle, log);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await embedded?.close();
    },
  };
}
