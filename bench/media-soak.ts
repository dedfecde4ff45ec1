// `npm run bench -- media-soak`: P publishers × V viewers each for M minutes, with viewers
// leaving and joining all the time (one stream's oldest viewer leaves by DELETE on its WHEP
// session and a new one joins, every few seconds), every stream recorded as in production.
// Every report it prints the server process's RSS (main thread and relay workers together) and
// heaps, the streams by state, viewers connected, the loss the viewers saw while connected (RTP
// sequence gaps over packets numbered), failed setups (WHIP/WHEP not 201, or peers not
// connecting) and the load average; at the end the totals and whether memory stayed bounded.
// Flags: --minutes 5 --publishers 20 --viewers 2 --workers (MEDIA_WORKERS; default the server's)
// --report 30 (seconds between reports) --churn 5 (seconds between a viewer leaving and one joining)
// --clip 720p|240p (the 720p clip at ~1.5 Mbit/s, or the tests' 320×240 VP8 at ~0.4 Mbit/s).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/src/config';
import { testClip } from '../server/test/helpers/media-peers';
import { openBenchDatabase } from './lib/bench-database';
import {
  addSamples,
  clip720p,
  createDevice,
  flags,
  loadAverage,
  machineLine,
  numbers,
  operatorToken,
  Peers,
  sleep,
  startBenchServer,
  weriftVersion,
  type ViewerSample,
} from './lib/media-bench';
import { fmt } from './lib/stats';

// The server's own defaults (MEDIA_WORKERS from the environment when set).
const defaults = loadConfig({ ...process.env, DATABASE_URL: 'postgres://unused' }).media;
const options = flags({
  minutes: '5',
  publishers: '20',
  viewers: '2',
  workers: String(defaults.workers),
  report: '30',
  churn: '5',
  clip: '720p',
});
if (options.clip !== '720p' && options.clip !== '240p') {
  console.error(
    `--clip is 720p (~1.5 Mbit/s VP8) or 240p (the tests' 320×240 VP8 at ~0.4 Mbit/s), got "${options.clip}"`,
  );
  process.exit(2);
}
const MINUTES = Number(options.minutes);
const PUBLISHERS = numbers('publishers', options.publishers)[0]!;
const VIEWERS = numbers('viewers', options.viewers)[0]!;
const WORKERS = numbers('workers', options.workers)[0]!;
const REPORT_SECONDS = Number(options.report);
const CHURN_SECONDS = Number(options.churn);

const database = await openBenchDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-media-soak-'));
const { app, url } = await startBenchServer(database, {
  MEDIA_WORKERS: String(WORKERS),
  DATA_DIR: dataDir,
});

async function main(): Promise<void> {
  console.log(machineLine('media-soak benchmark'));
  console.log(
    `${PUBLISHERS} publishers (${options.clip === '720p' ? '720p clip, ~1.5 Mbit/s' : '240p clip, ~0.4 Mbit/s'}, ffmpeg -c copy, two child processes) × ${VIEWERS} viewers each ` +
      `(two child processes) for ${MINUTES} min; a viewer leaves and another joins every ${CHURN_SECONDS} s; ` +
      `relay (werift ${weriftVersion()}) ${WORKERS === 0 ? 'in the main thread' : `in ${WORKERS} worker threads`}; every stream recorded\n`,
  );
  const clip = options.clip === '720p' ? await clip720p() : await testClip('VP8');
  const operator = await operatorToken(app, database, 'bench-operator');
  const publisherProcesses = [await Peers.start('publishers-a'), await Peers.start('publishers-b')];
  const viewerProcesses = [await Peers.start('viewers-a'), await Peers.start('viewers-b')];
  const states = new Map<string, string>();
  const endReasons: string[] = [];
  app.services.media.on('stream', (stream) => {
    if (!states.has(stream.id)) return;
    if (stream.state !== states.get(stream.id) && stream.state !== 'live') {
      endReasons.push(
        `${new Date().toISOString()} ${stream.id.slice(0, 8)} ${stream.state}${stream.endReason ? ` (${stream.endReason})` : ''}`,
      );
    }
    states.set(stream.id, stream.state);
  });

  const streamIds: string[] = [];
  let failedPublishes = 0;
  for (let index = 0; index < PUBLISHERS; index += 1) {
    const device = await createDevice(database, `BENCH-SOAK-${index}`);
    try {
      const { streamId } = await publisherProcesses[index % 2]!.ask<{ streamId: string }>({
        cmd: 'publish',
        url: `${url}/api/media/devices/${device.id}/whip`,
        token: device.token,
        clip,
      });
      streamIds.push(streamId);
      states.set(streamId, 'live');
    } catch (error) {
      failedPublishes += 1;
      console.log(`   publisher ${index} failed: ${String(error)}`);
    }
  }
  const whep = (streamId: string) => `${url}/api/streams/${streamId}/whep`;
  const viewersOf = (index: number) => viewerProcesses[index % 2]!;
  for (const [index, streamId] of streamIds.entries()) {
    const { failed } = await viewersOf(index).ask<{ failed: string[] }>({
      cmd: 'viewers',
      url: whep(streamId),
      token: operator,
      count: VIEWERS,
    });
    for (const reason of failed) console.log(`   a viewer setup failed: ${reason}`);
  }
  console.log(`${streamIds.length} streams published, viewers added; soak starts\n`);

  const sample = async (): Promise<ViewerSample> =>
    addSamples(await Promise.all(viewerProcesses.map((peers) => peers.sample())));
  const publisherSample = async () =>
    addSamples(await Promise.all(publisherProcesses.map((peers) => peers.sample())));
  const first = await sample();
  const rss: number[] = [];
  console.log(
    '| minute | server RSS MB | main heap MB | worker heaps MB | streams live / reconnecting / ended | viewers connected (of) | viewers left so far | failed setups | loss since start | forwarded Mbit/s | viewer processes CPU % | load avg |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const startedAt = performance.now();
  const endAt = startedAt + MINUTES * 60_000;
  let nextReport = startedAt + REPORT_SECONDS * 1000;
  let previous = first;
  let previousAt = startedAt;
  let turn = 0;
  while (performance.now() < endAt) {
    await sleep(CHURN_SECONDS * 1000);
    // Churn: one stream's oldest viewer leaves, a new one joins (round robin over the streams).
    const index = turn % streamIds.length;
    turn += 1;
    const streamId = streamIds[index]!;
    if (states.get(streamId) !== 'ended') {
      await viewersOf(index).ask({ cmd: 'leave', url: whep(streamId), token: operator, count: 1 });
      const { failed } = await viewersOf(index).ask<{ failed: string[] }>({
        cmd: 'viewers',
        url: whep(streamId),
        token: operator,
        count: VIEWERS,
      });
      for (const reason of failed) console.log(`   a viewer setup failed: ${reason}`);
    }
    if (performance.now() < nextReport && performance.now() < endAt) continue;
    nextReport += REPORT_SECONDS * 1000;
    const now = performance.now();
    const current = await sample();
    const memory = process.memoryUsage();
    rss.push(memory.rss / 1e6);
    const loads = app.services.media.relayLoad();
    const counts = { live: 0, reconnecting: 0, ended: 0 };
    for (const id of streamIds) counts[(states.get(id) ?? 'ended') as keyof typeof counts] += 1;
    const expected = current.expected - first.expected;
    const loss = expected > 0 ? Math.max(0, 1 - (current.packets - first.packets) / expected) : 0;
    const forwarded = ((current.bytes - previous.bytes) * 8) / ((now - previousAt) / 1000) / 1e6;
    console.log(
      `| ${fmt((now - startedAt) / 60_000, 1)} | ${fmt(memory.rss / 1e6, 0)} | ${fmt(memory.heapUsed / 1e6, 0)} | ` +
        `${WORKERS === 0 ? '–' : loads.map((load) => fmt(load.heapUsedMb, 0)).join(' + ')} | ` +
        `${counts.live} / ${counts.reconnecting} / ${counts.ended} | ${current.connected} (${streamIds.length * VIEWERS}) | ` +
        `${current.viewersLeft} | ${current.failedSetups} | ${fmt(loss * 100, 2)} % | ${fmt(forwarded, 1)} | ${fmt(current.cpuPercent, 0)} | ${loadAverage()} |`,
    );
    previous = current;
    previousAt = now;
  }

  const last = await sample();
  const published = await publisherSample();
  const expected = last.expected - first.expected;
  const received = last.packets - first.packets;
  console.log(`\nafter ${MINUTES} min (load average ${loadAverage()}):`);
  console.log(
    `- loss on loopback: ${expected - received} of ${expected} packets numbered while viewers were connected ` +
      `(${fmt(expected > 0 ? ((expected - received) / expected) * 100 : 0, 3)} %); publishers sent ${published.sent} packets`,
  );
  console.log(
    `- failed setups: ${failedPublishes} WHIP of ${PUBLISHERS}, ${last.failedSetups} WHEP of ${streamIds.length * VIEWERS + last.viewersLeft} ` +
      `(viewers joined in all); publisher connections lost: ${published.publishersLost}; viewers that left: ${last.viewersLeft}`,
  );
  const counts = { live: 0, reconnecting: 0, ended: 0 };
  for (const id of streamIds) counts[(states.get(id) ?? 'ended') as keyof typeof counts] += 1;
  console.log(
    `- streams: ${counts.live} live, ${counts.reconnecting} reconnecting, ${counts.ended} ended; ` +
      `${endReasons.filter((change) => / reconnecting$/.test(change)).length} times reconnecting`,
  );
  for (const change of endReasons.filter((line) => / ended/.test(line))) console.log(`  - ${change}`);
  if (rss.length > 0) {
    const half = rss.slice(Math.floor(rss.length / 2));
    console.log(
      `- server RSS: first report ${fmt(rss[0]!, 0)} MB, peak ${fmt(Math.max(...rss), 0)} MB, last ${fmt(rss.at(-1)!, 0)} MB; ` +
        `second half ${fmt(Math.min(...half), 0)}–${fmt(Math.max(...half), 0)} MB. Bounds: each relay worker's heap is capped at ` +
        `1,024 MB, each stream's GOP cache at ${fmt(defaults.gopCacheBytes / 1048576, 0)} MB`,
    );
  }
}

try {
  await main();
} finally {
  await Peers.stopAll();
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
