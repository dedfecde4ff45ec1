// `npm run db:migrate`: apply migrations to DATABASE_URL (or the embedded cluster).
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { openDatabase } from './open-database';

const config = loadConfig();
const log = createLogger(config);
const database = await openDatabase(config, log, { migrate: true });
await database.close();
