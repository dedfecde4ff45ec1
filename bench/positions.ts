// `npm run bench -- positions`: the figures of the positions issue, on this machine.
// 1. Sustained ingest through the real socket path into PostGIS (fixes/s), and the ratio to a
//    raw COPY of the very rows it stored (all columns) into the same table in the same run.
// 2. Fan-out latency, fix sent by a device → position received by a dashboard: p50/p99 with
//    N officers at 1 Hz and 20 dashboards (the batching interval is stated; it is included).
// 3. A day of 1 Hz fixes as a track: API time against a raw SELECT of the same rows. The day is
//    stored between other officers' fixes of the same seconds, as live ingest lays the table out
//    (one officer's day alone in the table would sit in a few contiguous pages: flattering).
// Options (env): INGEST_DEVICES, BATCH, INGEST_SECONDS, OFFICERS, DASHBOARDS, FANOUT_SECONDS,
// LIVE_INTERVAL_MS, TRACK_NEIGHBOURS (other officers on duty that day, default 20),
// PARTS (comma-separated of ingest, fanout, track; default all).
import { spawn, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import pino from 'pino';
import type { LivePosition } from '../shared/src';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { newToken } from '../server/src/modules/auth/tokens';
import { hashPassword } from '../server/src/modules/auth/passwords';
import { seedOnFirstStart } from '../server/src/seed/seed-demo-town';
import { openBenchDatabase } from './lib/bench-database';
import { fmt, summarize } from './lib/stats';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const INGEST_DEVICES = env('INGEST_DEVICES', 40);
const BATCH = env('BATCH', 250);
const INGEST_SECONDS = env('INGEST_SECONDS', 15);
const OFFICERS = env('OFFICERS', 1000);
const DASHBOARDS = env('DASHBOARDS', 20);
const FANOUT_SECONDS = env('FANOUT_SECONDS', 20);
const LIVE_INTERVAL_MS = env('LIVE_INTERVAL_MS', 100);
const TRACK_NEIGHBOURS = env('TRACK_NEIGHBOURS', 20);
const PARTS = new Set((process.env.PARTS ?? 'ingest,fanout,track').split(',').map((part) => part.trim()));
const STORED_COLUMNS =
  'device_id, officer_id, fix_time, server_time, geom, accuracy, speed, heading, altitude, battery, flags, grid_cell_id';

const database = await openBenchDatabase();
const config = loadConfig({
  DATABASE_URL: database.url,
  LOG_LEVEL: 'warn',
  ADMIN_PASSWORD: 'bench admin password',
  LIVE_INTERVAL_MS: String(LIVE_INTERVAL_MS),
  DEVICE_BATCHES_PER_MINUTE: '1000000',
  DASHBOARD_DIR: '/nonexistent',
});
const log = pino({ level: 'warn' });
const app = await buildApp({ config, database, log });
await seedOnFirstStart(database.db, app.services, config, log);
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const pool = database.pool;
const centre = config.demoTown.centre;
let cachedOperatorToken: string | undefined;

try {
  console.log(
    `positions benchmark — ${new Date().toISOString()}, server and load on this machine (127.0.0.1)\n`,
  );
  if (PARTS.has('ingest')) await benchIngest();
  if (PARTS.has('fanout')) await benchFanOut();
  if (PARTS.has('track')) await benchTrack();
} finally {
  await app.close();
  await database.close();
}

async function benchIngest() {
  const tokens = await createDevices(INGEST_DEVICES, 'ING');
  const ingestDeviceIds = (
    await pool.query<{ id: string }>(`SELECT id FROM devices WHERE unique_id LIKE 'ING-%'`)
  ).rows.map((row) => row.id);
  const start = Date.UTC(2026, 10, 1);
  const load = await startChild('device-load.ts', {
    url,
    tokens,
    mode: 'throughput',
    batchSize: BATCH,
    durationMs: INGEST_SECONDS * 1000,
    periodMs: 1000,
    centre,
    startTimeMs: start,
  });
  load.child.stdin!.write('go\n');
  const result = JSON.parse(await load.nextLine()) as { stored: number; failed: number; elapsedMs: number };
  const socketRate = (result.stored / result.elapsedMs) * 1000;

  // Raw COPY of the same rows (every column as the socket path stored it, grid cell included)
  // into the same table, under other device ids so that they do not conflict.
  const { rows, copyMs } = await recopyStoredRows(ingestDeviceIds);
  const copyRate = (rows / copyMs) * 1000;
  console.log('1. Sustained ingest, socket.io → PostGIS (acked after commit, grid cell resolved per fix)');
  console.log(
    `   ${INGEST_DEVICES} devices × batches of ${BATCH}, ${INGEST_SECONDS} s: ${result.stored} fixes stored, ${result.failed} batches failed`,
  );
  console.log(
    `   socket path: ${fmt(socketRate, 0)} fixes/s   raw COPY of ${rows} rows: ${fmt(copyRate, 0)} rows/s`,
  );
  console.log(
    `   ratio socket/COPY: ${fmt(socketRate / copyRate, 2)}   (targets: ≥ 20,000 fixes/s and ≥ 0.5)\n`,
  );
}

/** Reads the rows the socket path stored, then times a COPY of exactly them (new device ids). */
async function recopyStoredRows(deviceIds: string[]): Promise<{ rows: number; copyMs: number }> {
  const client = await pool.connect();
  try {
    const chunks: Buffer[] = [];
    const out = client.query(
      copyTo(
        `COPY (SELECT ${STORED_COLUMNS} FROM positions WHERE device_id IN (${deviceIds.map((id) => `'${id}'`).join(',')})) TO STDOUT`,
      ),
    );
    for await (const chunk of out) chunks.push(chunk as Buffer);
    const renamed = new Map(deviceIds.map((id) => [id, randomUUID()]));
    const text = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^[0-9a-f-]{36}/gm, (id) => renamed.get(id) ?? id);
    const rows = text.split('\n').length - 1;
    const started = performance.now();
    await pipeline(
      Readable.from([text]),
      client.query(copyFrom(`COPY positions (${STORED_COLUMNS}) FROM STDIN`)),
    );
    return { rows, copyMs: performance.now() - started };
  } finally {
    client.release();
  }
}

async function benchFanOut() {
  const tokens = await createDevices(OFFICERS, 'FAN');
  const operator = await operatorToken();
  const dashboards = await startChild('dashboard-load.ts', { url, token: operator, count: DASHBOARDS });
  const devices = await startChild('device-load.ts', {
    url,
    tokens,
    mode: 'rate',
    batchSize: 1,
    durationMs: FANOUT_SECONDS * 1000,
    periodMs: 1000,
    centre,
    startTimeMs: 0,
  });
  // Inside the server: fix time → committed and announced, and how late its event loop runs.
  const committedLatencies: number[] = [];
  const onPosition = (position: LivePosition) =>
    committedLatencies.push(Date.now() - Date.parse(position.fixTime));
  app.services.live.on('position', onPosition);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  devices.child.stdin!.write('go\n');
  const sent = JSON.parse(await devices.nextLine()) as { sent: number; failed: number };
  loopDelay.disable();
  app.services.live.off('position', onPosition);
  const committed = summarize(committedLatencies.slice(Math.floor(committedLatencies.length * 0.1)));
  await new Promise((resolve) => setTimeout(resolve, 2 * LIVE_INTERVAL_MS + 500));
  dashboards.child.stdin!.write('stop\n');
  const stats = JSON.parse(await dashboards.nextLine()) as { received: number; p50: number; p99: number };
  console.log(
    `2. Fan-out, device sends a fix → dashboard receives it (${OFFICERS} officers at 1 Hz, ${DASHBOARDS} dashboards, ${FANOUT_SECONDS} s)`,
  );
  console.log(
    `   fixes sent: ${sent.sent} (${sent.failed} failed); positions received by dashboards: ${stats.received}`,
  );
  console.log(
    `   latency p50 ${fmt(stats.p50, 0)} ms, p99 ${fmt(stats.p99, 0)} ms — includes the batching interval of ${LIVE_INTERVAL_MS} ms`,
  );
  console.log(
    `   of which fix sent → stored and announced in the server: p50 ${fmt(committed.p50, 0)} ms, p99 ${fmt(committed.p99, 0)} ms; server event-loop delay p99 ${fmt(loopDelay.percentile(99) / 1e6, 0)} ms`,
  );
  console.log(
    `   beyond the interval (p99 − interval, upper bound): ${fmt(stats.p99 - LIVE_INTERVAL_MS, 0)} ms   (target: p99 < 100 ms excluding the interval)\n`,
  );
}

async function benchTrack() {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM officers ORDER BY badge_no LIMIT 1');
  const officerId = rows[0]!.id;
  const deviceId = randomUUID();
  const neighbours = Array.from({ length: TRACK_NEIGHBOURS }, () => ({
    deviceId: randomUUID(),
    officerId: randomUUID(),
  }));
  const day = Date.UTC(2026, 10, 20);
  const client = await pool.connect();
  try {
    const stream = client.query(
      copyFrom('COPY positions (device_id, officer_id, fix_time, geom) FROM STDIN'),
    );
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 0; i < 86_400; i += 100) {
            let chunk = '';
            for (let j = i; j < i + 100; j += 1) {
              const fixTime = new Date(day + j * 1000).toISOString();
              const lon = centre[0] + 0.01 * Math.sin(j / 3000);
              const lat = centre[1] + 0.01 * Math.cos(j / 4000);
              chunk += `${deviceId}\t${officerId}\t${fixTime}\tSRID=4326;POINT(${lon} ${lat})\n`;
              neighbours.forEach((other, n) => {
                const otherLon = centre[0] + 0.01 * Math.sin(j / 3000 + n);
                const otherLat = centre[1] + 0.01 * Math.cos(j / 4000 + n);
                chunk += `${other.deviceId}\t${other.officerId}\t${fixTime}\tSRID=4326;POINT(${otherLon} ${otherLat})\n`;
              });
            }
            yield chunk;
          }
        })(),
      ),
      stream,
    );
  } finally {
    client.release();
  }
  // A past day: autovacuum has been through it (the visibility map lets the track come from the index alone).
  await pool.query('VACUUM ANALYZE positions');
  const token = await operatorToken();
  const from = new Date(day).toISOString();
  const to = new Date(day + 86_400_000).toISOString();
  const time = async (run: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const started = performance.now();
      await run();
      if (i >= 3) samples.push(performance.now() - started); // warm-up runs discarded
    }
    return summarize(samples);
  };
  const api = (zoom?: number) => () =>
    fetch(
      `${url}/api/officers/${officerId}/track?from=${from}&to=${to}${zoom === undefined ? '' : `&zoom=${zoom}`}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    ).then((response) => response.json());
  const raw = await time(() =>
    pool.query(
      `SELECT fix_time, ST_X(geom), ST_Y(geom) FROM positions WHERE officer_id = $1 AND fix_time >= $2 AND fix_time < $3 ORDER BY fix_time`,
      [officerId, from, to],
    ),
  );
  const zoomed = await time(api(15));
  const full = await time(api());
  console.log(
    `3. Track of a day at 1 Hz (86,400 fixes, stored among ${TRACK_NEIGHBOURS} other officers' fixes), over HTTP, median of 12 after 3 warm-ups`,
  );
  console.log(`   raw SELECT of the rows (pg, no JSON): p50 ${fmt(raw.p50)} ms`);
  console.log(
    `   GET track zoom=15 (simplified, stops, distance): p50 ${fmt(zoomed.p50)} ms, p95 ${fmt(zoomed.p95)} ms — ratio to raw ${fmt(zoomed.p50 / raw.p50, 2)}`,
  );
  console.log(
    `   GET track, every fix: p50 ${fmt(full.p50)} ms, p95 ${fmt(full.p95)} ms — ratio to raw ${fmt(full.p50 / raw.p50, 2)}   (target: < 100 ms)`,
  );
}

async function createDevices(count: number, prefix: string): Promise<string[]> {
  const tokens: string[] = [];
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < count; i += 1) {
      const { token, hash } = newToken('device');
      const officer = await client.query<{ id: string }>(
        `INSERT INTO officers (badge_no, name, status) VALUES ($1, $2, 'available') RETURNING id`,
        [`${prefix}${i}`, `Bench ${prefix} ${i}`],
      );
      await client.query(
        `INSERT INTO devices (kind, name, unique_id, officer_id, token_hash, token_issued_at)
         VALUES ('bodycam', $1, $1, $2, $3, now())`,
        [`${prefix}-${i}`, officer.rows[0]!.id, hash],
      );
      tokens.push(token);
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  return tokens;
}

async function operatorToken(): Promise<string> {
  if (cachedOperatorToken) return cachedOperatorToken;
  await app.services.repositories.users.insert(database.db, {
    username: 'bench-operator',
    displayName: 'Bench operator',
    passwordHash: await hashPassword('bench operator password'),
    role: 'operator',
    officerId: null,
  });
  const login = await app.services.auth.login('bench-operator', 'bench operator password', null);
  return (cachedOperatorToken = login.token);
}

async function startChild(
  script: string,
  options: unknown,
): Promise<{ child: ChildProcess; nextLine(): Promise<string> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'lib', script), JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`${script} ended early`);
    return value as string;
  };
  if ((await nextLine()) !== 'connected') throw new Error(`${script} did not connect`);
  return { child, nextLine };
}
