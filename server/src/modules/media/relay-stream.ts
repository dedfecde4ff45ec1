// One relayed stream: the publisher's RTP forwarded as-is to every viewer (no transcoding).
// Each viewer's sender gets its own copy of the packet's header (werift rewrites SSRC, payload
// type and sequence offsets in place), so no parsed header is ever shared between senders;
// the payload bytes are shared. Packets are serialized once, for the GOP cache. The last GOP is kept
// for new viewers; keyframes are asked of the publisher only when that cache is empty or a
// viewer reports a loss it cannot recover (PLI), at most once per `pliMinIntervalMs`.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { RtpPacket, type MediaStreamTrack, type RTCRtpTransceiver, type RTCPeerConnection } from 'werift';
import { NotFoundError } from '../../http/errors';
import { GopCache } from './gop-cache';
import { h264Dimensions, isKeyframeStart, vp8Dimensions } from './keyframe';
import type { AudioCodecName, CodecChoice, OfferedCodec, VideoCodecName } from './sdp-offer';
import type { AcceptedPeer, StreamRelay, StreamRelayEvents } from './stream-relay';
import { answerOffer, type AnsweredPeer, type PeerOptions } from './webrtc-peer';

export type MediaKind = 'audio' | 'video';

export interface StreamCodecs {
  video: { name: VideoCodecName; codec: OfferedCodec } | null;
  audio: { name: AudioCodecName; codec: OfferedCodec } | null;
}

const VIDEO_CLOCK_RATE = 90_000;

export interface RelayOptions {
  gopCacheBytes: number;
  gopCacheMaxMs: number;
  pliMinIntervalMs: number;
  peer: PeerOptions;
}

/**
 * Something that takes every packet the publisher sends, besides the viewers (the recorder).
 * `packet` gets the relay's serialized buffer (header extensions removed): read it, never
 * change it, since the same buffer is cached for new viewers and goes to every sink.
 */
export interface PacketSink {
  packet(kind: MediaKind, rtp: Buffer): void;
  /** A new publisher took over (after a reconnect): its sequence numbers and timestamps start afresh. */
  sourceChanged(): void;
}

/** What feeds a stream: a WHIP publisher, or ffmpeg for RTMP/RTSP ingest (which calls receive()). */
export interface RelaySource {
  sendPli(): void;
  lossAndRtt(): Promise<{ packetsLost: number | null; rttMs: number | null }>;
  close(): Promise<void>;
}

export interface PublisherSample {
  bytes: number;
  packets: number;
  packetsLost: number | null;
  rttMs: number | null;
}

const LOST_STATES = new Set(['failed', 'closed', 'disconnected']);

export class RelayStream extends EventEmitter<StreamRelayEvents> implements StreamRelay {
  private publisher: RelaySource | null = null;
  private readonly publisherIds = new WeakMap<RelaySource, string>();
  private readonly viewers = new Map<string, Viewer>();
  private readonly sinks = new Set<PacketSink>();
  private readonly gop: GopCache;
  private lastKeyframeRequestAt = 0;
  private bytes = 0;
  private packets = 0;
  private resolution: { width: number; height: number } | null = null;
  private closed = false;
  /** RTP bytes written to live viewers, for the relay's load (never reset). */
  forwardedBytes = 0;
  /** Kinds whose next packet comes from a new publisher (viewers' senders must re-base). */
  private readonly newSource = new Set<MediaKind>();
  private everPublished = false;
  lastPacketAt = Date.now();
  keyframeRequests = 0;

  constructor(
    readonly id: string,
    readonly codecs: StreamCodecs,
    private readonly options: RelayOptions,
    private readonly log: Logger,
  ) {
    super();
    this.gop = new GopCache(options.gopCacheBytes, (options.gopCacheMaxMs / 1000) * VIDEO_CLOCK_RATE);
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  get hasPublisher(): boolean {
    return this.publisher !== null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async acceptPublisher(offerSdp: string, choice: CodecChoice): Promise<AcceptedPeer> {
    const peer = await answerOffer(offerSdp, choice, 'publish', this.options.peer);
    if (this.closed) {
      await peer.pc.close().catch(() => undefined);
      throw new NotFoundError(`Stream ${this.id} has just ended.`);
    }
    const publisher = this.attachPublisher(peer);
    const peerId = randomUUID();
    this.publisherIds.set(publisher, peerId);
    return { answer: peer.answer, peerId };
  }

  async acceptViewer(offerSdp: string, choice: CodecChoice): Promise<AcceptedPeer> {
    const peer = await answerOffer(offerSdp, choice, 'view', this.options.peer);
    if (this.closed) {
      await peer.pc.close().catch(() => undefined);
      throw new NotFoundError(`Stream ${this.id} has just ended.`);
    }
    // A section the stream lacks is answered but stays silent.
    const viewer = this.addViewer({
      ...peer,
      video: this.codecs.video ? peer.video : null,
      audio: this.codecs.audio ? peer.audio : null,
    });
    return { answer: peer.answer, peerId: viewer.id };
  }

  /** Attaches a (new) publisher; a previous one is closed and viewers continue from the new one. */
  attachPublisher(peer: AnsweredPeer): Publisher {
    const publisher = new Publisher(peer, this);
    this.attachSource(publisher);
    return publisher;
  }

  /** Attaches a (new) source of any kind; as attachPublisher. */
  attachSource(source: RelaySource): void {
    const previous = this.publisher;
    this.publisher = source;
    if (previous && previous !== source) void previous.close();
    // The new publisher numbers its packets afresh; old cached packets would not continue them.
    this.gop.clear();
    this.newSource.add('video').add('audio');
    this.lastPacketAt = Date.now();
    if (this.everPublished) for (const sink of this.sinks) sink.sourceChanged();
    this.everPublished = true;
  }

  /** Detaches the publisher (if it is still the current one) without ending the stream. */
  detachPublisher(publisher: string | RelaySource): void {
    const current = this.publisher;
    if (!current) return;
    if (typeof publisher === 'string' ? this.publisherIds.get(current) !== publisher : current !== publisher)
      return;
    this.publisher = null;
    void current.close();
  }

  addViewer(peer: AnsweredPeer): Viewer {
    if (this.closed) throw new Error('stream is closed');
    const viewer = new Viewer(peer, this);
    this.viewers.set(viewer.id, viewer);
    this.emit('viewerCount', this.viewers.size);
    return viewer;
  }

  addSink(sink: PacketSink): void {
    this.sinks.add(sink);
  }

  removeSink(sink: PacketSink): void {
    this.sinks.delete(sink);
  }

  /** Viewers that sent no RTCP for this long are gone (closed tab, crashed, network lost). */
  dropSilentViewers(timeoutMs: number): void {
    const before = Date.now() - timeoutMs;
    const silent = [...this.viewers.values()].filter((viewer) => viewer.lastHeardAt < before);
    for (const viewer of silent) this.removeViewer(viewer);
    if (silent.length > 0)
      this.log.info({ streamId: this.id, dropped: silent.length }, 'silent viewers dropped');
  }

  /** After a pause in the media (publisher reconnecting), viewers get a fresh timeout. */
  resetViewerTimeouts(): void {
    for (const viewer of this.viewers.values()) viewer.lastHeardAt = Date.now();
  }

  removeViewer(viewer: Viewer | string): void {
    const id = typeof viewer === 'string' ? viewer : viewer.id;
    const removed = this.viewers.get(id);
    if (!removed || !this.viewers.delete(id)) return;
    void removed.close();
    this.emit('viewerLeft', id);
    this.emit('viewerCount', this.viewers.size);
  }

  /** A serialized packet from a source (ffmpeg's RTP, crossing from another thread). */
  receiveBuffer(kind: MediaKind, packet: Buffer): void {
    let rtp: RtpPacket;
    try {
      rtp = RtpPacket.deSerialize(packet);
    } catch (error) {
      this.log.debug({ err: error }, 'ignoring a malformed RTP packet');
      return;
    }
    this.receive(kind, rtp);
  }

  /** The publisher's packets; called by the current source only. */
  receive(kind: MediaKind, rtp: RtpPacket): void {
    if (this.closed) return;
    const { header } = rtp;
    this.lastPacketAt = Date.now();
    this.packets += 1;
    this.bytes += rtp.payload.length;
    // The publisher's header extensions use ids negotiated with the publisher, not with the viewers.
    header.extension = false;
    header.extensions = [];
    const buffer = rtp.serialize();

    if (this.newSource.delete(kind)) {
      for (const viewer of this.viewers.values())
        viewer.rebase(kind, header.sequenceNumber, header.timestamp);
    }
    if (kind === 'video' && this.codecs.video) {
      const keyframeStart = isKeyframeStart(this.codecs.video.name, rtp.payload);
      this.gop.push(buffer, header.timestamp, keyframeStart);
      if (keyframeStart) {
        const read = this.codecs.video.name === 'VP8' ? vp8Dimensions : h264Dimensions;
        this.noteResolution(read(rtp.payload));
      }
    }
    for (const viewer of this.viewers.values()) {
      if (viewer.write(kind, rtp)) this.forwardedBytes += buffer.length;
    }
    for (const sink of this.sinks) sink.packet(kind, buffer);
  }

  /** A viewer's transport is up: replay the cached GOP, then it gets live packets. */
  startViewer(viewer: Viewer): void {
    if (this.codecs.video) {
      if (this.gop.isEmpty) this.requestKeyframe('new viewer and no cached keyframe');
      else for (const packet of this.gop.snapshot()) viewer.replay(packet);
    }
  }

  /** Asks the publisher for a keyframe, at most once per pliMinIntervalMs. */
  requestKeyframe(reason: string): boolean {
    if (this.closed) return false;
    const now = Date.now();
    if (!this.publisher || now - this.lastKeyframeRequestAt < this.options.pliMinIntervalMs) return false;
    this.lastKeyframeRequestAt = now;
    this.keyframeRequests += 1;
    this.log.debug({ streamId: this.id, reason }, 'keyframe requested from publisher');
    this.publisher.sendPli();
    return true;
  }

  /** Counters since the last sample, plus the publisher leg's loss and RTT when known. */
  async sample(): Promise<PublisherSample> {
    const sample = {
      bytes: this.bytes,
      packets: this.packets,
      packetsLost: null as number | null,
      rttMs: null as number | null,
    };
    this.bytes = 0;
    this.packets = 0;
    if (this.publisher) Object.assign(sample, await this.publisher.lossAndRtt());
    return sample;
  }

  get currentResolution(): { width: number; height: number } | null {
    return this.resolution;
  }

  get cacheSize(): { packets: number; bytes: number } {
    return this.gop.size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closing = [...this.viewers.values()].map((viewer) => viewer.close());
    this.viewers.clear();
    if (this.publisher) closing.push(this.publisher.close());
    this.publisher = null;
    this.gop.clear();
    this.sinks.clear();
    this.removeAllListeners();
    await Promise.allSettled(closing);
  }

  publisherLost(publisher: RelaySource): void {
    if (this.publisher === publisher && !this.closed) this.emit('publisherLost');
  }

  private noteResolution(resolution: { width: number; height: number } | null): void {
    if (!resolution) return;
    if (this.resolution?.width === resolution.width && this.resolution.height === resolution.height) return;
    this.resolution = resolution;
    this.emit('resolution', resolution);
  }
}

export class Publisher implements RelaySource {
  readonly pc: RTCPeerConnection;
  private readonly video: RTCRtpTransceiver | null;
  private videoSsrc: number | null = null;
  private packetsLostBefore = 0;
  private closed = false;

  constructor(peer: AnsweredPeer, stream: RelayStream) {
    this.pc = peer.pc;
    this.video = peer.video;
    for (const [kind, transceiver] of [
      ['video', peer.video],
      ['audio', peer.audio],
    ] as const) {
      if (!transceiver) continue;
      const attach = (track: MediaStreamTrack) => {
        if (kind === 'video') this.videoSsrc = track.ssrc ?? null;
        track.onReceiveRtp.subscribe((rtp) => stream.receive(kind, rtp));
      };
      // werift creates the tracks signalled in the offer while applying it, before we get here.
      transceiver.receiver.tracks.forEach(attach);
      transceiver.onTrack.subscribe(attach);
    }
    this.pc.connectionStateChange.subscribe((state) => {
      if (LOST_STATES.has(state) && !this.closed) stream.publisherLost(this);
    });
  }

  sendPli(): void {
    if (this.video && this.videoSsrc !== null) {
      this.video.receiver.sendRtcpPLI(this.videoSsrc).catch(() => undefined);
    }
  }

  async lossAndRtt(): Promise<{ packetsLost: number | null; rttMs: number | null }> {
    let packetsLost: number | null = null;
    let rttMs: number | null = null;
    try {
      const report = await this.pc.getStats();
      let lost = 0;
      for (const stat of report.values() as Iterable<Record<string, unknown>>) {
        if (stat.type === 'inbound-rtp' && typeof stat.packetsLost === 'number') lost += stat.packetsLost;
        if (
          stat.type === 'candidate-pair' &&
          stat.nominated &&
          typeof stat.currentRoundTripTime === 'number'
        ) {
          rttMs = Math.round(stat.currentRoundTripTime * 1000);
        }
      }
      packetsLost = Math.max(0, lost - this.packetsLostBefore);
      this.packetsLostBefore = lost;
    } catch {
      // Stats are best effort: a peer closing underneath yields none this time.
    }
    return { packetsLost, rttMs };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pc.close().catch(() => undefined);
  }
}

export class Viewer {
  readonly id = randomUUID();
  readonly pc: RTCPeerConnection;
  private readonly senders: Partial<Record<MediaKind, RTCRtpTransceiver['sender']>> = {};
  private live = false;
  private closed = false;
  /** Receivers send RTCP reports every second or so; silence means the viewer is gone. */
  lastHeardAt = Date.now();

  constructor(peer: AnsweredPeer, stream: RelayStream) {
    this.pc = peer.pc;
    if (peer.video) this.senders.video = peer.video.sender;
    if (peer.audio) this.senders.audio = peer.audio.sender;
    for (const sender of Object.values(this.senders)) {
      sender.onRtcp.subscribe(() => (this.lastHeardAt = Date.now()));
    }
    // A viewer's PLI means it lost what NACK could not bring back (the sender answers NACKs
    // from its history of what it sent).
    this.senders.video?.onPictureLossIndication.subscribe(() => stream.requestKeyframe('viewer PLI'));
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && !this.live && !this.closed) {
        stream.startViewer(this);
        this.live = true;
      }
      if (state === 'failed' || state === 'closed') stream.removeViewer(this);
    });
  }

  /** Sends a live packet once this viewer is connected; answers whether it was sent. */
  write(kind: MediaKind, packet: RtpPacket): boolean {
    if (!this.live) return false;
    this.send(kind, packet);
    return true;
  }

  replay(packet: Buffer): void {
    this.send('video', packet);
  }

  /** The publisher changed: continue this viewer's sequence numbers and timestamps. */
  rebase(kind: MediaKind, sequenceNumber: number, timestamp: number): void {
    this.senders[kind]?.replaceRTP({ sequenceNumber, timestamp }, true);
  }

  /**
   * Live packets go as a copy of the parsed packet (own header, shared payload, which nobody
   * writes to): werift would otherwise parse the buffer again per viewer, bit by bit in strings.
   */
  private send(kind: MediaKind, packet: Buffer | RtpPacket): void {
    const sender = this.senders[kind];
    if (!sender || this.closed) return;
    sender.sendRtp(Buffer.isBuffer(packet) ? packet : packet.clone()).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.live = false;
    await this.pc.close().catch(() => undefined);
  }
}
