// Child process: many devices on the real `/device` socket path. Either as fast as acks allow
// (batches of B, one outstanding per device) or at a fixed rate (1 fix per device per period).
// Prints one JSON line of results on stdout.
import { io, type Socket } from 'socket.io-client';
import type { DeviceClientEvents, DeviceServerEvents, FixBatchAck } from '../../shared/src';

interface Options {
  url: string;
  tokens: string[];
  mode: 'throughput' | 'rate';
  batchSize: number;
  durationMs: number;
  periodMs: number;
  centre: [number, number];
  startTimeMs: number;
}

const options = JSON.parse(process.argv[2]!) as Options;
type DeviceSocket = Socket<DeviceServerEvents, DeviceClientEvents>;

function walker(seed: number) {
  let lon = options.centre[0] + ((seed * 7919) % 200) / 10_000 - 0.01;
  let lat = options.centre[1] + ((seed * 104_729) % 200) / 10_000 - 0.01;
  return () => {
    lon += (Math.random() - 0.5) * 0.00004;
    lat += (Math.random() - 0.5) * 0.00004;
    return { lon, lat };
  };
}

async function connectAll(): Promise<DeviceSocket[]> {
  const sockets: DeviceSocket[] = [];
  for (const token of options.tokens) {
    const socket: DeviceSocket = io(`${options.url}/device`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    sockets.push(socket);
  }
  return sockets;
}

async function throughput(sockets: DeviceSocket[]) {
  let stored = 0;
  let failed = 0;
  const deadline = Date.now() + options.durationMs;
  const started = Date.now();
  await Promise.all(
    sockets.map(async (socket, d) => {
      const next = walker(d);
      let time = options.startTimeMs;
      while (Date.now() < deadline) {
        const fixes = Array.from({ length: options.batchSize }, () => {
          time += 1000;
          return { fixTime: new Date(time).toISOString(), ...next(), accuracy: 5, speed: 1.2, battery: 80 };
        });
        const ack = (await socket.timeout(60_000).emitWithAck('positions', { fixes })) as
          FixBatchAck | { error: unknown };
        if ('stored' in ack) stored += ack.stored;
        else failed += 1;
      }
    }),
  );
  return { stored, failed, elapsedMs: Date.now() - started };
}

async function rate(sockets: DeviceSocket[]) {
  let sent = 0;
  let failed = 0;
  const walkers = sockets.map((_, d) => walker(d));
  const deadline = Date.now() + options.durationMs;
  await Promise.all(
    sockets.map(async (socket, d) => {
      // Spread the devices over the period, as real devices are.
      await new Promise((resolve) => setTimeout(resolve, (d * options.periodMs) / sockets.length));
      while (Date.now() < deadline) {
        const tick = Date.now();
        const ack = (await socket.timeout(10_000).emitWithAck('positions', {
          fixes: [{ fixTime: new Date(tick).toISOString(), ...walkers[d]!() }],
        })) as FixBatchAck | { error: unknown };
        if ('stored' in ack) sent += 1;
        else failed += 1;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, tick + options.periodMs - Date.now())),
        );
      }
    }),
  );
  return { sent, failed };
}

const sockets = await connectAll();
process.stdout.write('connected\n');
await new Promise((resolve) => process.stdin.once('data', resolve)); // go
const result = options.mode === 'throughput' ? await throughput(sockets) : await rate(sockets);
sockets.forEach((socket) => socket.disconnect());
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
