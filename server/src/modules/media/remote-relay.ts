// The relay of a stream that lives in a relay worker thread, as seen from the service's thread:
// commands go to the worker, answers and events come back; what the service reads at once
// (last packet, publisher, viewers, resolution) is mirrored from the worker's reports. An ffmpeg
// source stays here (its child and sockets) and its packets go to the worker in batches; the
// recorder's copy of the packets comes back in batches.
import { EventEmitter } from 'node:events';
import type { RtpPacket } from 'werift';
import { AppError } from '../../http/errors';
import {
  PacketBatcher,
  unpackBatch,
  type FromWorker,
  type RelayCall,
  type SampleResult,
  type ToWorker,
} from './relay-protocol';
import type { MediaKind, PacketSink, PublisherSample, RelaySource, StreamCodecs } from './relay-stream';
import type { CodecChoice } from './sdp-offer';
import type { AcceptedPeer, StreamRelay, StreamRelayEvents } from './stream-relay';

/** The worker a remote relay talks to (relay-workers.ts). */
export interface WorkerLink {
  send(message: ToWorker, transfer?: ArrayBuffer[]): void;
  call(streamId: string, call: RelayCall): Promise<unknown>;
  closed(streamId: string): void;
}

export class RemoteRelay extends EventEmitter<StreamRelayEvents> implements StreamRelay {
  lastPacketAt = Date.now();
  hasPublisher = false;
  isClosed = false;
  viewerCount = 0;
  currentResolution: { width: number; height: number } | null = null;
  keyframeRequests = 0;
  private source: RelaySource | null = null;
  private readonly sinks = new Set<PacketSink>();
  private readonly toWorker: PacketBatcher;
  private failure: string | null = null;

  constructor(
    readonly id: string,
    readonly codecs: StreamCodecs,
    private readonly worker: WorkerLink,
  ) {
    super();
    this.toWorker = new PacketBatcher(5, (batch) =>
      this.worker.send({ type: 'rtp', streamId: id, batch }, [batch]),
    );
    worker.send({ type: 'open', streamId: id, codecs });
  }

  async acceptPublisher(offerSdp: string, choice: CodecChoice): Promise<AcceptedPeer> {
    const accepted = (await this.call({ method: 'acceptPublisher', offerSdp, choice })) as AcceptedPeer;
    // The worker's relay closed a previous source when this publisher took over.
    if (this.source) void this.source.close();
    this.source = null;
    this.hasPublisher = true;
    this.lastPacketAt = Date.now();
    return accepted;
  }

  async acceptViewer(offerSdp: string, choice: CodecChoice): Promise<AcceptedPeer> {
    return (await this.call({ method: 'acceptViewer', offerSdp, choice })) as AcceptedPeer;
  }

  removeViewer(peerId: string): void {
    this.send({ type: 'removeViewer', streamId: this.id, peerId });
  }

  attachSource(source: RelaySource): void {
    const previous = this.source;
    this.source = source;
    if (previous && previous !== source) void previous.close();
    this.toWorker.flush();
    this.send({ type: 'attachSource', streamId: this.id });
    this.hasPublisher = true;
    this.lastPacketAt = Date.now();
  }

  receive(kind: MediaKind, rtp: RtpPacket): void {
    if (this.isClosed) return;
    this.lastPacketAt = Date.now();
    this.toWorker.push(kind, rtp.serialize());
  }

  detachPublisher(publisher: string | RelaySource): void {
    if (typeof publisher === 'string') {
      this.send({ type: 'detachPublisher', streamId: this.id, peerId: publisher });
      return;
    }
    if (this.source !== publisher) return;
    this.source = null;
    this.hasPublisher = false;
    this.toWorker.flush();
    this.send({ type: 'detachPublisher', streamId: this.id, peerId: null });
    void publisher.close();
  }

  dropSilentViewers(timeoutMs: number): void {
    this.send({ type: 'dropSilentViewers', streamId: this.id, timeoutMs });
  }

  resetViewerTimeouts(): void {
    this.send({ type: 'resetViewerTimeouts', streamId: this.id });
  }

  requestKeyframe(reason: string): void {
    this.send({ type: 'requestKeyframe', streamId: this.id, reason });
  }

  async sample(): Promise<PublisherSample> {
    if (this.failure) return { bytes: 0, packets: 0, packetsLost: null, rttMs: null };
    const { keyframeRequests, ...sample } = (await this.call({ method: 'sample' })) as SampleResult;
    this.keyframeRequests = keyframeRequests;
    return sample;
  }

  addSink(sink: PacketSink): void {
    this.sinks.add(sink);
    if (this.sinks.size === 1) this.send({ type: 'sink', streamId: this.id, on: true });
  }

  removeSink(sink: PacketSink): void {
    if (this.sinks.delete(sink) && this.sinks.size === 0) {
      this.send({ type: 'sink', streamId: this.id, on: false });
    }
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.toWorker.clear();
    const source = this.source;
    this.source = null;
    if (!this.failure) await this.call({ method: 'close' }).catch(() => undefined);
    await source?.close();
    this.sinks.clear();
    this.worker.closed(this.id);
    this.removeAllListeners();
  }

  /** A message from the worker about this stream. */
  deliver(message: Exclude<FromWorker, { type: 'ready' | 'reply' | 'heartbeat' }>): void {
    if (this.isClosed) return;
    switch (message.type) {
      case 'publisherLost':
        this.emit('publisherLost');
        return;
      case 'viewerCount':
        this.viewerCount = message.count;
        this.emit('viewerCount', message.count);
        return;
      case 'viewerLeft':
        this.emit('viewerLeft', message.peerId);
        return;
      case 'resolution':
        this.currentResolution = { width: message.width, height: message.height };
        this.emit('resolution', this.currentResolution);
        return;
      case 'pli':
        this.source?.sendPli();
        return;
      case 'packets':
        for (const entry of unpackBatch(message.batch)) {
          for (const sink of this.sinks) {
            if ('packet' in entry) sink.packet(entry.kind, entry.packet);
            else sink.sourceChanged();
          }
        }
        return;
    }
  }

  /** The worker's report on this stream. */
  beat(lastPacketAt: number, hasPublisher: boolean): void {
    this.lastPacketAt = Math.max(this.lastPacketAt, lastPacketAt);
    // A source in this thread is the publisher until it is detached here.
    this.hasPublisher = this.source !== null || hasPublisher;
  }

  /** The worker died: the stream cannot go on (the service ends it with this reason). */
  fail(reason: string): void {
    if (this.isClosed || this.failure) return;
    this.failure = reason;
    this.viewerCount = 0;
    this.emit('failed', reason);
  }

  private send(message: ToWorker): void {
    if (!this.isClosed && !this.failure) this.worker.send(message);
  }

  private async call(call: RelayCall): Promise<unknown> {
    if (this.failure) throw new AppError(503, `The stream's relay stopped: ${this.failure}.`);
    return this.worker.call(this.id, call);
  }
}
