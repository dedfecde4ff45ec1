// Messages between the media service's thread and a relay worker thread, and the packing of RTP
// packets into one transferable buffer (the recorder's copy out of the worker, an ffmpeg
// source's packets into it): a typed array posted on its own would copy its whole backing
// store, often Node's 8 KB pool, per packet.
import type { MediaKind, PublisherSample, StreamCodecs } from './relay-stream';
import type { CodecChoice } from './sdp-offer';
import type { PeerOptions } from './webrtc-peer';

export interface RelayWorkerData {
  worker: number;
  options: { gopCacheBytes: number; gopCacheMaxMs: number; pliMinIntervalMs: number; peer: PeerOptions };
  heartbeatMs: number;
  logLevel: string;
}

export type RelayCall =
  | { method: 'acceptPublisher' | 'acceptViewer'; offerSdp: string; choice: CodecChoice }
  | { method: 'sample' }
  | { method: 'close' };

export type ToWorker =
  | { type: 'open'; streamId: string; codecs: StreamCodecs }
  | ({ type: 'call'; call: number; streamId: string } & RelayCall)
  | { type: 'removeViewer'; streamId: string; peerId: string }
  /** peerId null: the source in the service's thread (ffmpeg). */
  | { type: 'detachPublisher'; streamId: string; peerId: string | null }
  | { type: 'attachSource'; streamId: string }
  | { type: 'rtp'; streamId: string; batch: ArrayBuffer }
  | { type: 'dropSilentViewers'; streamId: string; timeoutMs: number }
  | { type: 'resetViewerTimeouts'; streamId: string }
  | { type: 'requestKeyframe'; streamId: string; reason: string }
  /** Whether the service's thread wants the stream's packets (the recorder). */
  | { type: 'sink'; streamId: string; on: boolean };

export interface StreamBeat {
  streamId: string;
  lastPacketAt: number;
  hasPublisher: boolean;
}

export interface WorkerLoad {
  streams: number;
  viewers: number;
  forwardedMbps: number;
  eventLoopUtilization: number;
  heapUsedMb: number;
  /** CPU seconds the worker thread has used since it started (null off Linux). */
  cpuSeconds: number | null;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'reply'; call: number; ok: true; result: unknown }
  | { type: 'reply'; call: number; ok: false; status: number | null; message: string }
  | { type: 'publisherLost'; streamId: string }
  | { type: 'viewerCount'; streamId: string; count: number }
  | { type: 'resolution'; streamId: string; width: number; height: number }
  | { type: 'viewerLeft'; streamId: string; peerId: string }
  | { type: 'packets'; streamId: string; batch: ArrayBuffer }
  /** A keyframe request for the source in the service's thread. */
  | { type: 'pli'; streamId: string }
  | { type: 'heartbeat'; streams: StreamBeat[]; load: WorkerLoad };

export type SampleResult = PublisherSample & { keyframeRequests: number };

const KIND_CODE = { video: 0, audio: 1 } as const;
const SOURCE_CHANGED = 2;
const MAX_BATCH_BYTES = 64 * 1024;

export type PacketEntry = { kind: MediaKind; packet: Buffer } | { sourceChanged: true };

/** Collects packets (and source changes, in order) and hands them over every few milliseconds. */
export class PacketBatcher {
  private entries: PacketEntry[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flushMs: number,
    private readonly deliver: (batch: ArrayBuffer) => void,
  ) {}

  push(kind: MediaKind, packet: Buffer): void {
    this.add({ kind, packet }, packet.length);
  }

  sourceChanged(): void {
    this.add({ sourceChanged: true }, 0);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.entries.length === 0) return;
    const entries = this.entries;
    this.entries = [];
    this.bytes = 0;
    this.deliver(packBatch(entries));
  }

  /** Drops what is pending (the stream closed). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.entries = [];
    this.bytes = 0;
  }

  private add(entry: PacketEntry, bytes: number): void {
    this.entries.push(entry);
    this.bytes += bytes + 3;
    if (this.bytes >= MAX_BATCH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }
}

/** [code: u8][length: u16][bytes] per entry, in one fresh ArrayBuffer to transfer. */
export function packBatch(entries: PacketEntry[]): ArrayBuffer {
  let size = 0;
  for (const entry of entries) size += 3 + ('packet' in entry ? entry.packet.length : 0);
  const buffer = new ArrayBuffer(size);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  let offset = 0;
  for (const entry of entries) {
    if ('packet' in entry) {
      view.setUint8(offset, KIND_CODE[entry.kind]);
      view.setUint16(offset + 1, entry.packet.length);
      bytes.set(entry.packet, offset + 3);
      offset += 3 + entry.packet.length;
    } else {
      view.setUint8(offset, SOURCE_CHANGED);
      view.setUint16(offset + 1, 0);
      offset += 3;
    }
  }
  return buffer;
}

export function unpackBatch(batch: ArrayBuffer): PacketEntry[] {
  const view = new DataView(batch);
  const entries: PacketEntry[] = [];
  let offset = 0;
  while (offset + 3 <= batch.byteLength) {
    const code = view.getUint8(offset);
    const length = view.getUint16(offset + 1);
    if (code === SOURCE_CHANGED) entries.push({ sourceChanged: true });
    else {
      entries.push({
        kind: code === KIND_CODE.video ? 'video' : 'audio',
        packet: Buffer.from(batch, offset + 3, length),
      });
    }
    offset += 3 + length;
  }
  return entries;
}
