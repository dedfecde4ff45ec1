// The relay of one stream as the media service and the recorder see it, wherever it runs: in
// this thread (RelayStream) or in a relay worker thread (RemoteRelay). A stream's publisher and
// all its viewers always live in the same relay, so no viewer's RTP crosses threads.
import type { EventEmitter } from 'node:events';
import type { RtpPacket } from 'werift';
import type { MediaKind, PacketSink, PublisherSample, RelaySource, StreamCodecs } from './relay-stream';
import type { CodecChoice } from './sdp-offer';

export interface StreamRelayEvents {
  /** The publisher's peer connection failed or closed (not a clean DELETE). */
  publisherLost: [];
  viewerCount: [number];
  /** Width and height seen in a keyframe. */
  resolution: [{ width: number; height: number }];
  /** A viewer left (closed, failed or dropped as silent): its session is gone. */
  viewerLeft: [string];
  /** The relay itself died (its worker crashed): the stream cannot go on. */
  failed: [string];
}

export interface AcceptedPeer {
  answer: string;
  /** Names the publisher or viewer in this relay (detachPublisher, removeViewer). */
  peerId: string;
}

export interface StreamRelay extends EventEmitter<StreamRelayEvents> {
  readonly id: string;
  readonly codecs: StreamCodecs;
  /** When the publisher's last packet arrived (ms since the epoch). */
  readonly lastPacketAt: number;
  readonly hasPublisher: boolean;
  readonly isClosed: boolean;
  readonly viewerCount: number;
  readonly currentResolution: { width: number; height: number } | null;
  readonly keyframeRequests: number;

  /** A WHIP offer: answers it with a peer that becomes the (new) publisher. */
  acceptPublisher(offerSdp: string, choice: CodecChoice): Promise<AcceptedPeer>;
  /** A WHEP offer: answers it with a peer that gets the stream from the cached GOP on. */
  acceptViewer(offerSdp: string, choice: CodecChoice): Promise<AcceptedPeer>;
  removeViewer(peerId: string): void;
  /** A non-WebRTC source (ffmpeg) becomes the publisher; its packets come through receive(). */
  attachSource(source: RelaySource): void;
  receive(kind: MediaKind, rtp: RtpPacket): void;
  /** Detaches the publisher (a peer id or a source) if it is still the current one; the stream goes on. */
  detachPublisher(publisher: string | RelaySource): void;
  /** Viewers that sent no RTCP for this long are dropped. */
  dropSilentViewers(timeoutMs: number): void;
  resetViewerTimeouts(): void;
  requestKeyframe(reason: string): void;
  /** Counters since the last sample, plus the publisher leg's loss and RTT when known. */
  sample(): Promise<PublisherSample>;
  addSink(sink: PacketSink): void;
  removeSink(sink: PacketSink): void;
  close(): Promise<void>;
}

/** Where relays are created: in this thread, or spread over relay worker threads. */
export interface RelayHost {
  open(id: string, codecs: StreamCodecs): StreamRelay;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Per relay thread: streams, forwarded bit rate, event-loop use, heap (for the benchmarks and logs). */
  load(): RelayLoad[];
}

export interface RelayLoad {
  worker: number | null;
  streams: number;
  viewers: number;
  forwardedMbps: number;
  /** Share of the time the thread's event loop was busy since the previous report (0–1). */
  eventLoopUtilization: number;
  heapUsedMb: number;
  /** CPU seconds the relay thread has used (a worker's since it started; null off Linux). */
  cpuSeconds: number | null;
  restarts: number;
}
