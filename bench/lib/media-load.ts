// Child process of the media benchmarks (media, media-ceiling, media-soak): WHIP publishers
// (ffmpeg streaming a pre-encoded clip with -c copy into werift peers) and/or WHEP viewers that
// count what arrives and what is missing (RTP sequence gaps), so the relay's process does only
// relaying. Viewers may leave (DELETE on their WHEP session); what they counted stays in the
// totals. Also times HTTP requests to the server (its main thread's responsiveness).
// Talks to the parent over IPC: { cmd } in, one reply per command out.
import { RTCPeerConnection, useOPUS, useVP8, type RtpPacket } from 'werift';
import { postSdp, startPublisher, type TestPublisher } from '../../server/test/helpers/media-peers';

type Command =
  | { cmd: 'publish'; url: string; token: string; clip: string }
  | { cmd: 'viewers'; url: string; token: string; count: number }
  | { cmd: 'leave'; url: string; token: string; count: number }
  | { cmd: 'probe'; url: string; seconds: number; intervalMs: number }
  | { cmd: 'sample' }
  | { cmd: 'stop' };

const PEER_CONFIG = { iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] };

/** How far back a repeated sequence number is recognised (NACK retransmissions come within it). */
const DUPLICATE_WINDOW = 1024;

/**
 * Received packets and the highest extended sequence number, per track. Repeats (retransmissions
 * answering a NACK) count once, and packets numbered before the first one seen not at all, so
 * that received ≤ numbered and the difference is what never arrived.
 */
class Counter {
  packets = 0;
  bytes = 0;
  private highest = -1;
  private first = -1;
  private readonly seen = new Float64Array(DUPLICATE_WINDOW).fill(-1);
  receive(rtp: RtpPacket) {
    this.bytes += rtp.serializeSize;
    const seq = rtp.header.sequenceNumber;
    let extended: number;
    if (this.highest < 0) extended = this.first = this.highest = seq;
    else {
      const delta = (seq - (this.highest & 0xffff) + 0x10000) & 0xffff;
      extended = delta < 0x8000 ? this.highest + delta : this.highest - (0x10000 - delta);
      this.highest = Math.max(this.highest, extended);
    }
    if (extended < this.first) return;
    const slot = extended % DUPLICATE_WINDOW;
    if (this.seen[slot] === extended) return;
    this.seen[slot] = extended;
    this.packets += 1;
  }
  /** Packets the sender numbered since the first one seen. */
  get expected() {
    return this.first < 0 ? 0 : this.highest - this.first + 1;
  }
}

interface BenchViewer {
  url: string;
  pc: RTCPeerConnection;
  location: string | null;
  video: Counter;
  audio: Counter;
}

const publishers: TestPublisher[] = [];
/** Publisher connections that went failed or closed while the run went on. */
let publishersLost = 0;
let viewers: BenchViewer[] = [];
/** What viewers that left had counted (the totals are cumulative). */
const departed = { packets: 0, bytes: 0, expected: 0 };
let viewersLeft = 0;
let failedSetups = 0;
let stopping = false;
let lastCpu = process.cpuUsage();
let lastAt = performance.now();

async function addViewer(url: string, token: string): Promise<BenchViewer> {
  const pc = new RTCPeerConnection({ ...PEER_CONFIG, codecs: { video: [useVP8()], audio: [useOPUS()] } });
  const viewer: BenchViewer = { url, pc, location: null, video: new Counter(), audio: new Counter() };
  for (const kind of ['video', 'audio'] as const) {
    const transceiver = pc.addTransceiver(kind, { direction: 'recvonly' });
    transceiver.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((rtp) => viewer[kind].receive(rtp)),
    );
  }
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.iceGatheringStateChange.subscribe((state) => state === 'complete' && resolve());
  });
  const exchange = await postSdp(url, token, pc.localDescription!.sdp);
  if (exchange.status !== 201) {
    await pc.close();
    throw new Error(`WHEP answered ${exchange.status}: ${exchange.body}`);
  }
  viewer.location = new URL(exchange.location!, url).href;
  await pc.setRemoteDescription({ type: 'answer', sdp: exchange.body });
  // Connected before the next ones start: DTLS handshakes in JavaScript are costly for both sides.
  await new Promise<void>((resolve, reject) => {
    if (pc.connectionState === 'connected') return resolve();
    const timer = setTimeout(() => {
      void pc.close();
      reject(new Error('viewer not connected after 20 s'));
    }, 20_000);
    pc.connectionStateChange.subscribe((state) => {
      if (state !== 'connected') return;
      clearTimeout(timer);
      resolve();
    });
  });
  return viewer;
}

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'publish': {
      const publisher = await startPublisher({ url: command.url, token: command.token, clip: command.clip });
      publishers.push(publisher);
      publisher.pc.connectionStateChange.subscribe((state) => {
        if (stopping || (state !== 'failed' && state !== 'closed')) return;
        publishersLost += 1;
        process.stderr.write(`   publisher connection ${state} at ${new Date().toISOString()}\n`);
      });
      return { streamId: publisher.exchange.streamId };
    }
    case 'viewers': {
      const failed: string[] = [];
      const watching = () => viewers.filter((viewer) => viewer.url === command.url).length;
      // A few at a time: each setup gathers candidates and does DTLS.
      while (watching() < command.count) {
        const batch = Math.min(5, command.count - watching());
        const settled = await Promise.allSettled(
          Array.from({ length: batch }, () => addViewer(command.url, command.token)),
        );
        for (const result of settled) {
          if (result.status === 'fulfilled') viewers.push(result.value);
          else failed.push(String(result.reason));
        }
        if (failed.length > 10) break;
      }
      failedSetups += failed.length;
      return { viewers: watching(), failed };
    }
    case 'leave': {
      const leaving = viewers.filter((viewer) => viewer.url === command.url).slice(0, command.count);
      viewers = viewers.filter((viewer) => !leaving.includes(viewer));
      await Promise.allSettled(
        leaving.map(async (viewer) => {
          if (viewer.location) {
            await fetch(viewer.location, {
              method: 'DELETE',
              headers: { authorization: `Bearer ${command.token}` },
            });
          }
          await viewer.pc.close();
        }),
      );
      for (const viewer of leaving) {
        for (const counter of [viewer.video, viewer.audio]) {
          departed.packets += counter.packets;
          departed.bytes += counter.bytes;
          departed.expected += counter.expected;
        }
      }
      viewersLeft += leaving.length;
      return { left: leaving.length };
    }
    case 'probe':
      return probe(command.url, command.seconds, command.intervalMs);
    case 'sample': {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      const cpuPercent = ((cpu.user + cpu.system) / 1000 / (now - lastAt)) * 100;
      lastCpu = process.cpuUsage();
      lastAt = now;
      const totals = { ...departed, connected: 0 };
      for (const viewer of viewers) {
        for (const counter of [viewer.video, viewer.audio]) {
          totals.packets += counter.packets;
          totals.bytes += counter.bytes;
          totals.expected += counter.expected;
        }
        if (viewer.pc.connectionState === 'connected') totals.connected += 1;
      }
      return {
        ...totals,
        cpuPercent,
        rssMb: process.memoryUsage().rss / 1e6,
        sent: publishers.reduce((sum, publisher) => sum + publisher.packetsSent(), 0),
        publishersConnected: publishers.filter((publisher) => publisher.pc.connectionState === 'connected')
          .length,
        publishersLost,
        viewersLeft,
        failedSetups,
      };
    }
    case 'stop':
      stopping = true;
      await Promise.allSettled(viewers.map((viewer) => viewer.pc.close()));
      await Promise.allSettled(publishers.map((publisher) => publisher.drop()));
      setTimeout(() => process.exit(0), 100);
      return {};
  }
}

/** GETs `url` every intervalMs for `seconds`; the milliseconds each answer took, sorted. */
async function probe(
  url: string,
  seconds: number,
  intervalMs: number,
): Promise<{ ms: number[]; failed: number }> {
  const ms: number[] = [];
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) ms.push(performance.now() - started);
      else failed += 1;
    } catch {
      failed += 1;
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, intervalMs - (performance.now() - started))),
    );
  }
  return { ms: ms.sort((a, b) => a - b), failed };
}

process.on('message', (command: Command) => {
  handle(command).then(
    (result) => process.send!({ ok: true, result }),
    (error: unknown) => process.send!({ ok: false, error: String(error) }),
  );
});
process.send!({ ok: true, result: 'ready' });
