// Connects to DATABASE_URL, or starts the embedded PostGIS cluster when it is unset.
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { connectDatabase, type DatabaseHandle } from './client';
import { EmbeddedPostgres } from './embedded-postgres';
import { migrateDatabase } from './migrate';
import { ensurePostgisInstalled } from './postgis-install';

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  log: Logger,
  { migrate }: { migrate: boolean },
): Promise<DatabaseHandle> {
  let embedded: EmbeddedPostgres | undefined;
  let connectionString = config.databaseUrl;
  if (connectionString === null) {
    await ensurePostgisInstalled(log.child({ module: 'postgis-install' }));
    embedded = await EmbeddedPostgres.create({
      dataDir: path.join(config.dataDir),
      log: log.child({ module: 'embedded-postgres' }),
    });
    connectionString = embedded.connectionString;
  }
  const database = connectDatabase(connectionString!, log);
  try {
    if (migrate) await migrateDatabase(database, log.child({ module: 'migrate' }));
  } catch (error) {
    await database.close();
    await embedded?.close();
    throw error;
  }
  return {
    ...database,
    close: async () => {
      await database.close();
      await embedded?.close();
    },
  };
}
