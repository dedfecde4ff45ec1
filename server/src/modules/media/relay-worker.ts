// Entry of a relay worker thread: the relays (werift peers, GOP caches) of the streams assigned
// to this worker, driven by the service's thread over the worker's port (relay-protocol.ts).
// It reports packets arriving (heartbeats), publisher loss, viewer changes, resolutions and its
// load; the recorder's copy of the packets goes out in batches.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { AppError } from '../../http/errors';
import {
  PacketBatcher,
  unpackBatch,
  type FromWorker,
  type RelayWorkerData,
  type SampleResult,
  type StreamBeat,
  type ToWorker,
} from './relay-protocol';
import { RelayStream, type PacketSink, type RelaySource } from './relay-stream';
import { threadCpuSeconds } from './thread-cpu';

const data = workerData as RelayWorkerData;
const port = parentPort!;
const log = pino({ level: data.logLevel }).child({ module: 'media-relay', worker: data.worker });

interface Hosted {
  relay: RelayStream;
  /** Packets for the service's thread (the recorder), while it wants them. */
  sink: (PacketSink & { batcher: PacketBatcher }) | null;
  /** Stands for an ffmpeg source living in the service's thread. */
  source: RelaySource | null;
}

const streams = new Map<string, Hosted>();

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function open(streamId: string, codecs: Extract<ToWorker, { type: 'open' }>['codecs']): void {
  const relay = new RelayStream(streamId, codecs, data.options, log.child({ streamId }));
  relay.on('publisherLost', () => post({ type: 'publisherLost', streamId }));
  relay.on('viewerCount', (count) => post({ type: 'viewerCount', streamId, count }));
  relay.on('viewerLeft', (peerId) => post({ type: 'viewerLeft', streamId, peerId }));
  relay.on('resolution', ({ width, height }) => post({ type: 'resolution', streamId, width, height }));
  streams.set(streamId, { relay, sink: null, source: null });
}

function setSink(hosted: Hosted, on: boolean): void {
  if (on && !hosted.sink) {
    const streamId = hosted.relay.id;
    const batcher = new PacketBatcher(5, (batch) => post({ type: 'packets', streamId, batch }, [batch]));
    hosted.sink = {
      batcher,
      packet: (kind, rtp) => batcher.push(kind, rtp),
      sourceChanged: () => batcher.sourceChanged(),
    };
    hosted.relay.addSink(hosted.sink);
  } else if (!on && hosted.sink) {
    hosted.sink.batcher.flush();
    hosted.relay.removeSink(hosted.sink);
    hosted.sink = null;
  }
}

function attachSource(hosted: Hosted): void {
  const streamId = hosted.relay.id;
  const source: RelaySource = {
    sendPli: () => post({ type: 'pli', streamId }),
    lossAndRtt: async () => ({ packetsLost: null, rttMs: null }),
    close: async () => {
      if (hosted.source === source) hosted.source = null;
    },
  };
  hosted.source = source;
  hosted.relay.attachSource(source);
}

async function call(hosted: Hosted, message: Extract<ToWorker, { type: 'call' }>): Promise<unknown> {
  switch (message.method) {
    case 'acceptPublisher':
      return hosted.relay.acceptPublisher(message.offerSdp, message.choice);
    case 'acceptViewer':
      return hosted.relay.acceptViewer(message.offerSdp, message.choice);
    case 'sample':
      return {
        ...(await hosted.relay.sample()),
        keyframeRequests: hosted.relay.keyframeRequests,
      } satisfies SampleResult;
    case 'close':
      hosted.sink?.batcher.flush();
      streams.delete(message.streamId);
      await hosted.relay.close();
      return null;
  }
}

function answerForClosed(
  message: Extract<ToWorker, { type: 'call' }>,
): { ok: true; result: unknown } | { ok: false; status: number; message: string } {
  switch (message.method) {
    case 'close':
      return { ok: true, result: null };
    case 'sample':
      return {
        ok: true,
        result: {
          bytes: 0,
          packets: 0,
          packetsLost: null,
          rttMs: null,
          keyframeRequests: 0,
        } satisfies SampleResult,
      };
    default:
      return { ok: false, status: 404, message: `Stream ${message.streamId} has just ended.` };
  }
}

function handle(message: ToWorker): void {
  if (message.type === 'open') return open(message.streamId, message.codecs);
  const hosted = streams.get(message.streamId);
  if (message.type === 'call') {
    if (!hosted) {
      // Closed meanwhile (a close or a stats sample crossing the stream's end): answer as a
      // relay that has just closed would.
      post({ type: 'reply', call: message.call, ...answerForClosed(message) });
      return;
    }
    call(hosted, message).then(
      (result) => post({ type: 'reply', call: message.call, ok: true, result }),
      (error: unknown) =>
        post({
          type: 'reply',
          call: message.call,
          ok: false,
          status: error instanceof AppError ? error.statusCode : null,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
    return;
  }
  if (!hosted) return;
  const { relay } = hosted;
  switch (message.type) {
    case 'removeViewer':
      return relay.removeViewer(message.peerId);
    case 'detachPublisher':
      return relay.detachPublisher(message.peerId ?? hosted.source ?? '');
    case 'attachSource':
      return attachSource(hosted);
    case 'rtp':
      for (const entry of unpackBatch(message.batch)) {
        if ('packet' in entry) relay.receiveBuffer(entry.kind, entry.packet);
      }
      return;
    case 'dropSilentViewers':
      return relay.dropSilentViewers(message.timeoutMs);
    case 'resetViewerTimeouts':
      return relay.resetViewerTimeouts();
    case 'requestKeyframe':
      relay.requestKeyframe(message.reason);
      return;
    case 'sink':
      return setSink(hosted, message.on);
  }
}

port.on('message', (message: ToWorker) => {
  try {
    handle(message);
  } catch (error) {
    log.error({ err: error, type: message.type }, 'relay worker could not handle a message');
  }
});

let lastElu = performance.eventLoopUtilization();
let lastBeatAt = performance.now();
const forwardedBefore = new Map<string, number>();
setInterval(() => {
  const beats: StreamBeat[] = [];
  let forwarded = 0;
  let viewers = 0;
  for (const [streamId, { relay }] of streams) {
    beats.push({ streamId, lastPacketAt: relay.lastPacketAt, hasPublisher: relay.hasPublisher });
    forwarded += relay.forwardedBytes - (forwardedBefore.get(streamId) ?? 0);
    forwardedBefore.set(streamId, relay.forwardedBytes);
    viewers += relay.viewerCount;
  }
  for (const streamId of forwardedBefore.keys()) if (!streams.has(streamId)) forwardedBefore.delete(streamId);
  const now = performance.now();
  const elu = performance.eventLoopUtilization(lastElu);
  lastElu = performance.eventLoopUtilization();
  const seconds = (now - lastBeatAt) / 1000;
  lastBeatAt = now;
  post({
    type: 'heartbeat',
    streams: beats,
    load: {
      streams: streams.size,
      viewers,
      forwardedMbps: seconds > 0 ? (forwarded * 8) / seconds / 1e6 : 0,
      eventLoopUtilization: elu.utilization,
      heapUsedMb: process.memoryUsage().heapUsed / 1e6,
      cpuSeconds: threadCpuSeconds(),
    },
  });
}, data.heartbeatMs);

post({ type: 'ready' });
