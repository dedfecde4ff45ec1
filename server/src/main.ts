// The process: configuration, database (embedded or DATABASE_URL), migrations,
// first-start seed, the HTTP server; and a clean shutdown of all of it on a signal.
import fs from 'node:fs/promises';
import path from 'node:path';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/open-database';
import { createLogger } from './logger';
import { buildOsmandServer } from './modules/positions/osmand/osmand-server';
import { seedOnFirstStart } from './seed/seed-demo-town';
import type { SeedResult } from './seed/seed-demo-town';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const database = await openDatabase(config, log, { migrate: true });
  const app = await buildApp({ config, database, log });
  const seed = await seedOnFirstStart(database.db, app.services, config, log.child({ module: 'seed' }));
  if (seed.demoDeviceTokens) await writeDemoDeviceTokens(config.dataDir, seed.demoDeviceTokens, log);
  const osmand = buildOsmandServer({
    ingest: app.services.positions.osmand,
    log: log.child({ module: 'osmand' }),
  });

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string) =>
    (closing ??= (async () => {
      log.info({ signal }, 'shutting down');
      const force = setTimeout(() => {
        log.error('shutdown took longer than 10 s; exiting');
        process.exit(1);
      }, 10_000);
      force.unref();
      await osmand.close();
      await app.close();
      await database.close();
      log.info('stopped');
    })());
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const address = await app.listen({ host: config.host, port: config.port });
  const osmandAddress =
    config.positions.osmandPort === null
      ? null
      : await osmand.listen({ host: config.host, port: config.positions.osmandPort });
  printWelcome(address, osmandAddress, seed);
}

/**
 * The demo devices' tokens, for the simulated fleet that `npm start` runs (device-sim reads this
 * file). Readable by the owner only, beside the database cluster that holds the same trust.
 */
const DEMO_DEVICE_TOKENS_FILE = 'demo-device-tokens.json';

async function writeDemoDeviceTokens(
  dataDir: string,
  tokens: Record<string, string>,
  log: ReturnType<typeof createLogger>,
): Promise<void> {
  const file = path.join(dataDir, DEMO_DEVICE_TOKENS_FILE);
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, JSON.stringify(tokens, null, 2) + '\n', { mode: 0o600 });
  await fs.chmod(file, 0o600); // the mode above applies only to a new file
  log.info({ file, devices: Object.keys(tokens).length }, "wrote the demo devices' tokens");
}

function printWelcome(address: string, osmandAddress: string | null, seed: SeedResult): void {
  const lines = ['', `  Field command centre is running at ${address}`];
  lines.push(`  API documentation: ${address}/docs`);
  if (osmandAddress)
    lines.push(`  Traccar Client / OsmAnd devices: ${osmandAddress} (server URL in the app)`);
  if (seed.adminCredentials) {
    const { username, password, generated } = seed.adminCredentials;
    lines.push(`  Administrator: ${username} / ${password}`);
    if (generated) lines.push('  (generated now and shown once; set ADMIN_PASSWORD to choose or reset it)');
  }
  lines.push('  Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  // Configuration and setup errors are for a person to act on; no stack needed.
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`\nThe server could not start: ${message}\n`);
  process.exit(1);
});
