// Child process: dashboards on `/live`, subscribed to everything; records how long each
// position took from the device's fix time (stamped when sent) to arrival here.
import { io, type Socket } from 'socket.io-client';
import type { LiveClientEvents, LiveServerEvents } from '../../shared/src';
import { summarize } from './stats';

const { url, token, count } = JSON.parse(process.argv[2]!) as { url: string; token: string; count: number };
const latencies: number[] = [];
const sockets: Array<Socket<LiveServerEvents, LiveClientEvents>> = [];
for (let i = 0; i < count; i += 1) {
  const socket: Socket<LiveServerEvents, LiveClientEvents> = io(`${url}/live`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
  });
  await socket.timeout(10_000).emitWithAck('subscribe', { scope: 'all' });
  socket.on('positions', (positions) => {
    const now = Date.now();
    for (const position of positions) latencies.push(now - Date.parse(position.fixTime));
  });
  sockets.push(socket);
}
process.stdout.write('connected\n');
await new Promise((resolve) => process.stdin.once('data', resolve)); // stop
sockets.forEach((socket) => socket.disconnect());
// The first tenth includes connection set-up; the rest is the steady state.
const steady = summarize(latencies.slice(Math.floor(latencies.length * 0.1)));
process.stdout.write(`${JSON.stringify({ received: latencies.length, ...steady })}\n`, () => process.exit(0));
