// `npm run bench -- media`: the relay's cost on this machine. One ~1.5 Mbit/s 720p VP8 stream
// (with Opus audio), encoded once and streamed by ffmpeg with -c copy into a WHIP publisher in
// one child process, relayed by the server in this process to K WHEP viewers in another child
// process. Per K: the relay process's CPU (% of one core) per forwarded Mbit/s, loss seen by
// the viewers (RTP sequence gaps), and the relay's memory. Baseline in the same run: K = 0
// (publisher only), so the cost of forwarding alone is shown too.
// Options (env): VIEWERS ("1,10,50,100"), WINDOW_SECONDS (10), WARMUP_SECONDS (4); flag --workers N
// relays in N worker threads (MEDIA_WORKERS; the CPU is still the whole process's).
import os from 'node:os';
import {
  ProtectionProfileAeadAes128Gcm,
  ProtectionProfileAes128CmHmacSha1_80,
  RtpHeader,
  SrtpSession,
} from 'werift';
import { openBenchDatabase } from './lib/bench-database';
import {
  clip720p,
  createDevice,
  flags,
  numbers,
  operatorToken,
  Peers,
  sleep,
  startBenchServer,
  weriftVersion,
} from './lib/media-bench';
import { fmt } from './lib/stats';

const STEPS = (process.env.VIEWERS ?? '1,10,50,100').split(',').map(Number);
const WINDOW_SECONDS = Number(process.env.WINDOW_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 4);
const WORKERS = numbers('workers', flags({ workers: '0' }).workers)[0]!;

const database = await openBenchDatabase();
const { app, url } = await startBenchServer(database, { MEDIA_WORKERS: String(WORKERS) });

async function main(): Promise<void> {
  const clip = await clip720p();
  console.log(
    `media benchmark — ${new Date().toISOString()}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), ` +
      `load average ${os
        .loadavg()
        .map((load) => fmt(load, 2))
        .join(' ')} before the run`,
  );
  console.log(
    `relay: this process (werift ${weriftVersion()}), ${WORKERS === 0 ? 'in its main thread' : `in ${WORKERS} relay worker thread(s)`}; publisher and viewers: two other processes on this machine; ` +
      `${WINDOW_SECONDS} s per step after ${WARMUP_SECONDS} s warm-up\n`,
  );
  srtpCost();
  const device = await createDevice(database, 'BENCH-MEDIA-1');
  const operator = await operatorToken(app, database, 'bench-operator');
  const publisher = await Peers.start('publisher');
  const viewers = await Peers.start('viewers');
  const { streamId } = (await publisher.ask({
    cmd: 'publish',
    url: `${url}/api/media/devices/${device.id}/whip`,
    token: device.token,
    clip,
  })) as { streamId: string };
  const bitrates: number[] = [];
  app.services.media.on('stats', (stats) => stats.streamId === streamId && bitrates.push(stats.bitrateKbps));
  let state = 'live';
  app.services.media.on('stream', (stream) => {
    if (stream.id !== streamId || stream.state === state) return;
    state = stream.state;
    const reason = stream.endReason ? ` (${stream.endReason})` : '';
    console.log(`   the stream went ${stream.state}${reason} at ${new Date().toISOString()}`);
  });
  await sleep(3000);

  console.log(
    '| viewers | published Mbit/s | forwarded Mbit/s | relay CPU % of a core | % per forwarded Mbit/s | forwarding only, % per Mbit/s | loss | relay RSS / heap MB | viewer process CPU % | load avg (1 min) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  let baselineCpu: number | null = null;
  for (const k of [0, ...STEPS]) {
    if (k > 0) {
      const added = (await viewers.ask({
        cmd: 'viewers',
        url: `${url}/api/streams/${streamId}/whep`,
        token: operator,
        count: k,
      })) as { viewers: number; failed: string[] };
      if (added.failed.length > 0)
        console.log(`   ${added.failed.length} viewer setups failed: ${added.failed[0]}`);
    }
    await sleep(WARMUP_SECONDS * 1000);
    bitrates.length = 0;
    const before = await viewers.sample();
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    await sleep(WINDOW_SECONDS * 1000);
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (performance.now() - startedAt) / 1000;
    const after = await viewers.sample();
    const relayCpu = ((cpu.user + cpu.system) / 1e6 / seconds) * 100;
    baselineCpu ??= relayCpu;
    const forwarded = ((after.bytes - before.bytes) * 8) / seconds / 1e6;
    const expected = after.expected - before.expected;
    const received = after.packets - before.packets;
    const loss = expected > 0 ? Math.max(0, 1 - received / expected) : 0;
    const published = bitrates.length ? bitrates.reduce((a, b) => a + b, 0) / bitrates.length / 1000 : 0;
    const memory = process.memoryUsage();
    console.log(
      `| ${k} | ${fmt(published, 2)} | ${fmt(forwarded, 1)} | ${fmt(relayCpu, 1)} | ${k > 0 ? fmt(relayCpu / forwarded, 2) : '–'} | ` +
        `${k > 0 ? fmt((relayCpu - baselineCpu) / forwarded, 2) : '(baseline)'} | ${k > 0 ? `${fmt(loss * 100, 2)} %` : '–'} | ` +
        `${fmt(memory.rss / 1e6, 0)} / ${fmt(memory.heapUsed / 1e6, 0)} | ${fmt(after.cpuPercent, 0)} | ${fmt(os.loadavg()[0]!, 2)} |`,
    );
    if (k > 0 && after.connected < k) console.log(`   only ${after.connected} of ${k} viewers connected`);
  }
  console.log(
    '\nforwarded: RTP bytes (header + payload) that arrived at the viewers; loss: packets the viewers never got ' +
      '(sequence gaps) over packets numbered; target: ≤ 0.40 % of a core per forwarded Mbit/s in one process.',
  );
  const relay = app.services.media.relayOf(streamId);
  if (relay) console.log(`keyframes asked of the publisher during the run: ${relay.keyframeRequests}`);
}

/** What one viewer's packet costs to encrypt with each SRTP profile werift has (same run). */
function srtpCost(): void {
  const payload = Buffer.alloc(1150, 7);
  const profiles = [
    ['AES-128-GCM', ProtectionProfileAeadAes128Gcm, 12],
    ['AES-128-CM + HMAC-SHA1-80', ProtectionProfileAes128CmHmacSha1_80, 14],
  ] as const;
  const figures = profiles.map(([name, profile, saltBytes]) => {
    const key = (fill: number, length: number) => Buffer.alloc(length, fill);
    const session = new SrtpSession({
      profile,
      keys: {
        localMasterKey: key(1, 16),
        localMasterSalt: key(2, saltBytes),
        remoteMasterKey: key(3, 16),
        remoteMasterSalt: key(4, saltBytes),
      },
    });
    const encrypt = (count: number) => {
      const started = performance.now();
      for (let i = 0; i < count; i += 1) {
        session.encrypt(payload, new RtpHeader({ sequenceNumber: i & 0xffff, timestamp: i * 3000, ssrc: 1 }));
      }
      return ((performance.now() - started) * 1000) / count;
    };
    encrypt(20_000);
    return `${name} ${fmt(Math.min(encrypt(50_000), encrypt(50_000)), 1)} µs`;
  });
  console.log(`SRTP encryption of one 1,150-byte packet (werift, this machine): ${figures.join(', ')}\n`);
}

try {
  await main();
} finally {
  await Peers.stopAll();
  await app.close();
  await database.close();
}
