// `npm run bench -- dispatch`: the figures of the dispatch issue, on this machine.
// 1. Officer recommendation for a task with OFFICERS officers holding latest positions (all on
//    duty, ~10 % with a stale fix, a quarter responsible for the task's area): p50/p99 of the
//    query alone and as the API serves it, against a primary-key read measured in the same run.
// 2. An operator's dispatch call (real HTTP) until the task arrives on the officer's device socket:
//    p50/p99, against a plain authenticated HTTP read (GET the task) in the same run.
// Options (env): OFFICERS (5000), QUERIES (2000), DISPATCHES (300), DEVICES (50).
import { randomInt } from 'node:crypto';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { DeviceServerEvents, Recommendation, Task, TaskChange } from '../shared/src';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { hashPassword } from '../server/src/modules/auth/passwords';
import { newToken } from '../server/src/modules/auth/tokens';
import { RecommendationsRepository } from '../server/src/modules/tasks/recommendations-repository';
import { seedOnFirstStart } from '../server/src/seed/seed-demo-town';
import { openBenchDatabase } from './lib/bench-database';
import { fmt, summarize } from './lib/stats';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const OFFICERS = env('OFFICERS', 5000);
const QUERIES = env('QUERIES', 2000);
const DISPATCHES = env('DISPATCHES', 300);
const DEVICES = env('DEVICES', 50);
const STALE_FIX_SECONDS = 300;

const database = await openBenchDatabase();
const config = loadConfig({
  DATABASE_URL: database.url,
  LOG_LEVEL: 'warn',
  ADMIN_PASSWORD: 'bench admin password',
  STALE_FIX_SECONDS: String(STALE_FIX_SECONDS),
  DASHBOARD_DIR: '/nonexistent',
  OSMAND_PORT: 'off',
});
const log = pino({ level: 'warn' });
const app = await buildApp({ config, database, log });
await seedOnFirstStart(database.db, app.services, config, log);
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const pool = database.pool;
const [centreLon, centreLat] = config.demoTown.centre;
const sockets: Socket[] = [];

try {
  console.log(`dispatch benchmark — ${new Date().toISOString()}, server and clients on this machine\n`);
  await placeOfficers();
  const operator = await operatorToken();
  await benchRecommendations(operator);
  await benchDispatchToDevice(operator);
} finally {
  sockets.forEach((socket) => socket.disconnect());
  await app.close();
  await database.close();
}

/** OFFICERS officers on duty across the demo town's areas, each with a latest position. */
async function placeOfficers() {
  const started = performance.now();
  await pool.query(
    `WITH areas AS (SELECT array_agg(id ORDER BY code) AS ids FROM grid_areas),
     made AS (
       INSERT INTO officers (badge_no, name, status, area_id)
       SELECT 'B' || i, 'Bench officer ' || i, 'available', (SELECT ids[1 + i % array_length(ids, 1)] FROM areas)
       FROM generate_series(1, $1) AS i
       RETURNING id, badge_no
     ),
     devices AS (
       INSERT INTO devices (kind, name, unique_id, officer_id)
       SELECT 'bodycam', 'Bench ' || badge_no, 'BENCH-' || badge_no, id FROM made
       RETURNING id, officer_id
     ),
     shifts AS (
       INSERT INTO duty_shifts (officer_id, starts_at, ends_at)
       SELECT officer_id, now() - interval '1 hour', now() + interval '8 hours' FROM devices
     )
     INSERT INTO latest_positions (officer_id, device_id, fix_time, geom, accuracy)
     SELECT officer_id, id,
            now() - make_interval(secs => CASE WHEN random() < 0.1 THEN $2 + 60 + random() * 3600
                                                ELSE random() * ($2 - 30) END),
            ST_SetSRID(ST_MakePoint($3 + (random() - 0.5) * 0.04, $4 + (random() - 0.5) * 0.03), 4326), 10
     FROM devices`,
    [OFFICERS, STALE_FIX_SECONDS, centreLon, centreLat],
  );
  await pool.query('ANALYZE officers; ANALYZE latest_positions; ANALYZE duty_shifts');
  console.log(
    `placed ${OFFICERS} officers on duty with latest positions (~10 % stale) in ${fmt(performance.now() - started, 0)} ms\n`,
  );
}

async function newTask(operator: string): Promise<Task> {
  const response = await fetch(`${url}/api/tasks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'street-vending',
      priority: 'urgent',
      description: 'bench',
      location: {
        lat: centreLat + (Math.random() - 0.5) * 0.03,
        lon: centreLon + (Math.random() - 0.5) * 0.04,
      },
    }),
  });
  if (response.status !== 201)
    throw new Error(`creating a task: ${response.status} ${await response.text()}`);
  return (await response.json()) as Task;
}

async function benchRecommendations(operator: string) {
  const tasks = await Promise.all(Array.from({ length: 50 }, () => newTask(operator)));
  const service = app.services.tasks;
  const query = new RecommendationsRepository(pool);
  const officerIds = (await pool.query<{ id: string }>('SELECT id FROM officers LIMIT 500')).rows.map(
    (r) => r.id,
  );
  const requestOf = (task: Task) => ({
    location: task.location,
    areaId: task.areaId ?? task.nearestAreaId,
    cellId: task.gridCellId,
    limit: 5,
    staleAfterSeconds: STALE_FIX_SECONDS,
  });
  const timeOne = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const pick = <T>(items: readonly T[]) => items[randomInt(items.length)]!;
  let sample: Recommendation[] = [];
  for (let i = 0; i < 100; i += 1) sample = await query.recommend(requestOf(pick(tasks))); // warm-up
  const queryAlone: number[] = [];
  const withTaskRead: number[] = [];
  const primaryKey: number[] = [];
  for (let i = 0; i < QUERIES; i += 1) {
    const task = pick(tasks);
    // Interleaved, so all three see the same machine at the same moment.
    queryAlone.push(await timeOne(() => query.recommend(requestOf(task))));
    withTaskRead.push(await timeOne(() => service.recommend(task.id, 5)));
    primaryKey.push(
      await timeOne(() => pool.query('SELECT * FROM officers WHERE id = $1', [pick(officerIds)])),
    );
  }
  const alone = summarize(queryAlone);
  const full = summarize(withTaskRead);
  const pk = summarize(primaryKey);
  console.log(
    `1. recommendation, ${OFFICERS} officers with latest positions, ${QUERIES} queries (5 officers each)`,
  );
  console.log(
    `   the recommendation query:          p50 ${fmt(alone.p50, 2)} ms, p99 ${fmt(alone.p99, 2)} ms  (target p99 < 20 ms)`,
  );
  console.log(
    `   as the API serves it (+ task read): p50 ${fmt(full.p50, 2)} ms, p99 ${fmt(full.p99, 2)} ms`,
  );
  console.log(`   baseline, an officer by primary key: p50 ${fmt(pk.p50, 2)} ms, p99 ${fmt(pk.p99, 2)} ms`);
  console.log(
    `   ratio query / primary-key read: p50 ${fmt(alone.p50 / pk.p50, 2)}×, p99 ${fmt(alone.p99 / pk.p99, 2)}×`,
  );
  const first = sample[0];
  console.log(
    `   e.g. ${sample.length} suggested; first: ${first ? `${first.name}, ${first.distanceMetres} m, fix ${first.lastFixAgeSeconds} s old, responsible ${first.responsible}` : 'none'}\n`,
  );
}

async function benchDispatchToDevice(operator: string) {
  const devices = await connectDevices(DEVICES);
  const waiting = new Map<string, (at: number) => void>();
  for (const device of devices) {
    device.socket.on('task', (change: TaskChange) => {
      if (change.event.type === 'dispatched') waiting.get(change.task.id)?.(performance.now());
    });
  }
  const auth = { authorization: `Bearer ${operator}`, 'content-type': 'application/json' };
  const toSocket: number[] = [];
  const httpReply: number[] = [];
  const plainRead: number[] = [];
  for (let i = 0; i < DISPATCHES + 20; i += 1) {
    const task = await newTask(operator);
    const device = devices[i % devices.length]!;
    const arrived = new Promise<number>((resolve) => waiting.set(task.id, resolve));
    const started = performance.now();
    const response = await fetch(`${url}/api/tasks/${task.id}/dispatch`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ officerIds: [device.officerId] }),
    });
    const replied = performance.now();
    if (response.status !== 200) throw new Error(`dispatch: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    const at = await withTimeout(arrived, 5000, `task ${task.code} on the officer's socket`);
    waiting.delete(task.id);
    const readStarted = performance.now();
    const read = await fetch(`${url}/api/tasks/${task.id}`, { headers: auth });
    await read.arrayBuffer();
    const readDone = performance.now();
    if (i < 20) continue; // warm-up
    toSocket.push(at - started);
    httpReply.push(replied - started);
    plainRead.push(readDone - readStarted);
  }
  const socket = summarize(toSocket);
  const reply = summarize(httpReply);
  const read = summarize(plainRead);
  console.log(
    `2. dispatch → officer's device socket, ${DISPATCHES} dispatches over HTTP to ${DEVICES} connected devices`,
  );
  console.log(
    `   dispatch call → task on the device socket: p50 ${fmt(socket.p50, 2)} ms, p99 ${fmt(socket.p99, 2)} ms  (target p99 < 100 ms)`,
  );
  console.log(
    `   dispatch call → HTTP reply to the operator: p50 ${fmt(reply.p50, 2)} ms, p99 ${fmt(reply.p99, 2)} ms`,
  );
  console.log(
    `   baseline, GET the task over HTTP:           p50 ${fmt(read.p50, 2)} ms, p99 ${fmt(read.p99, 2)} ms`,
  );
  console.log(
    `   ratio socket arrival / plain read: p50 ${fmt(socket.p50 / read.p50, 2)}×, p99 ${fmt(socket.p99 / read.p99, 2)}×`,
  );
}

async function connectDevices(count: number) {
  const devices: Array<{ officerId: string; socket: Socket<DeviceServerEvents> }> = [];
  for (let i = 0; i < count; i += 1) {
    const { token, hash } = newToken('device');
    const officer = await pool.query<{ id: string }>(
      `INSERT INTO officers (badge_no, name, status) VALUES ($1, $2, 'available') RETURNING id`,
      [`SOCK${i}`, `Socket officer ${i}`],
    );
    await pool.query(
      `INSERT INTO devices (kind, name, unique_id, officer_id, token_hash, token_issued_at)
       VALUES ('phone', $1, $1, $2, $3, now())`,
      [`SOCK-${i}`, officer.rows[0]!.id, hash],
    );
    const socket: Socket<DeviceServerEvents> = connect(`${url}/device`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
      5000,
      `device socket ${i}`,
    );
    devices.push({ officerId: officer.rows[0]!.id, socket });
  }
  return devices;
}

async function operatorToken(): Promise<string> {
  await app.services.repositories.users.insert(database.db, {
    username: 'bench-operator',
    displayName: 'Bench operator',
    passwordHash: await hashPassword('bench operator password'),
    role: 'operator',
    officerId: null,
  });
  return (await app.services.auth.login('bench-operator', 'bench operator password', null)).token;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
