// Live video: WHIP publishers and WHEP viewers on the relay, each publish a stream row whose
// state follows the publisher (live → reconnecting → live again within the grace period, or
// ended with a reason), on-demand start and idle stop, talkback from an operator to a device,
// and live stats for dashboards.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Stream, StreamIngest, StreamRequestResult, StreamStats } from '@fcc/shared';
import type { Config } from '../../config';
import { isUniqueViolation } from '../../db/pg-errors';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import type { AlertsService } from '../alerts/alerts-service';
import type { DevicePrincipal, UserPrincipal } from '../auth/principal';
import type { DevicesRepository } from '../devices/devices-repository';
import type { Database } from '../../db/client';
import type { RtpPacket } from 'werift';
import type { FfmpegRtpSource } from './ffmpeg-rtp-source';
import type { MediaKind, StreamCodecs } from './relay-stream';
import { chooseCodecs, parseOffer, type CodecChoice } from './sdp-offer';
import { createRelayHost } from './relay-host';
import type { AcceptedPeer, RelayHost, StreamRelay } from './stream-relay';
import type { StreamRow, StreamsRepository } from './streams-repository';

export type MediaConfig = Config['media'];

/** How the service reaches devices' sockets (set by the socket layer). */
export interface DeviceChannel {
  /** Emits to every socket of the device; answers how many got it. */
  send<E extends 'stream:start' | 'stream:stop' | 'talkback:started' | 'talkback:ended'>(
    deviceId: string,
    event: E,
    payload: Parameters<import('@fcc/shared').DeviceServerEvents[E]>[0],
  ): number;
}

/**
 * Told of every stream (camera and talkback) as it opens and before its relay closes, so it
 * can take the packets (the recorder, as a PacketSink on the relay).
 */
export interface StreamRecorder {
  streamOpened(stream: StreamRow, relay: StreamRelay): void;
  /** Awaited before the relay closes, while a publisher may still be sending. */
  streamEnding(streamId: string, reason: string): Promise<void>;
}

/** Fixed cameras the server pulls (set by the ingest service). */
export interface CameraChannel {
  /** Starts pulling the camera for an operator; false when the device is not a fixed camera. */
  request(deviceId: string): Promise<boolean>;
  recordChanged(deviceId: string, record: boolean): Promise<void>;
}

interface MediaEvents {
  stream: [Stream];
  stats: [StreamStats];
}

/** A non-WebRTC source (RTMP, RTSP through ffmpeg) feeding a stream. */
export interface SourceHandle {
  streamId: string;
  /** The source stopped on purpose: the stream ends now. */
  end(reason: string): Promise<void>;
  /** The source is gone unexpectedly: the stream goes reconnecting and ends after the grace period. */
  detach(): void;
}

export interface SdpAnswer {
  answer: string;
  location: string;
  streamId: string;
}

interface OpenStream {
  row: StreamRow;
  relay: StreamRelay;
  publisherSession: string | null;
  reconnectTimer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
  recordContinuously: boolean;
  totalBytes: number;
  startedAtMs: number;
  /** When a WebRTC publisher was attached, until its first packet: ICE and DTLS take a while. */
  connectingSince: number | null;
}

type Session =
  | { kind: 'publish'; streamId: string; ownerId: string }
  | { kind: 'view'; streamId: string; ownerId: string; viewerId: string };

const PUBLISH_CODECS = { video: ['VP8', 'H264'], audio: ['opus'] } as const;
const TALKBACK_CODECS = { video: [], audio: ['opus'] } as const;
/** An operator's request makes the next publish from the device "on demand" for this long. */
const REQUEST_VALID_MS = 2 * 60_000;

export const whipPath = (deviceId: string) => `/api/media/devices/${deviceId}/whip`;
export const TALKBACK_WHEP_PATH = '/api/media/talkback/whep';

export class MediaService extends EventEmitter<MediaEvents> {
  private readonly streams = new Map<string, OpenStream>();
  /** Open stream per device and purpose (camera or talkback). */
  private readonly byDevice = new Map<string, string>();
  private readonly sessions = new Map<string, Session>();
  private readonly pendingRequests = new Map<string, { userId: string; at: number }>();
  private devices: DeviceChannel = { send: () => 0 };
  private recorder: StreamRecorder | null = null;
  private cameras: CameraChannel = { request: async () => false, recordChanged: async () => undefined };
  private watchdog: NodeJS.Timeout | null = null;
  private statsTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly repository: StreamsRepository,
    private readonly devicesRepository: DevicesRepository,
    private readonly config: MediaConfig,
    private readonly log: Logger,
    private readonly alerts: Pick<AlertsService, 'raise'>,
    /** Where relays run: this thread, or relay worker threads (MEDIA_WORKERS). */
    private readonly relays: RelayHost = createRelayHost(
      config,
      log.level,
      log.child({ module: 'media-relay' }),
    ),
  ) {
    super();
  }

  attachDevices(channel: DeviceChannel): void {
    this.devices = channel;
  }

  attachRecorder(recorder: StreamRecorder): void {
    this.recorder = recorder;
  }

  attachCameras(channel: CameraChannel): void {
    this.cameras = channel;
  }

  async start(): Promise<void> {
    await this.relays.start();
    const ended = await this.repository.endAllOpen('server restarted');
    if (ended > 0) this.log.warn({ ended }, 'streams left open by the previous server process were ended');
    this.watchdog = setInterval(() => this.checkPublishers(), Math.max(100, this.config.mediaTimeoutMs / 4));
    this.statsTimer = setInterval(
      () =>
        void this.publishStats().catch((error: unknown) =>
          this.log.error({ err: error }, 'could not publish stream stats'),
        ),
      this.config.statsIntervalMs,
    );
  }

  async stop(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.watchdog = this.statsTimer = null;
    await Promise.allSettled(
      [...this.streams.keys()].map((id) => this.endStream(id, 'server shutting down')),
    );
    await this.relays.stop();
  }

  // ── publishing ──

  /** WHIP: a device publishes its camera. */
  async publish(principal: DevicePrincipal, deviceId: string, offerSdp: unknown): Promise<SdpAnswer> {
    const { device } = principal;
    if (device.id !== deviceId) {
      throw new ForbiddenError(
        `This token belongs to device ${device.id}; publish to ${whipPath(device.id)}, not another device's endpoint.`,
      );
    }
    const choice = chooseCodecs(parseOffer(offerSdp), PUBLISH_CODECS, 'publish');
    const resumable = this.resumableStream(this.byDevice.get(cameraKey(deviceId)), choice);
    return this.acceptPublisher(offerSdp as string, choice, resumable, device.id, (relay) =>
      this.openStream(deviceId, principal.device.officerId, null, 'whip', choice, relay),
    );
  }

  /**
   * RTMP push or RTSP pull: ffmpeg's RTP feeds the device's camera stream, resuming it when it
   * is reconnecting with the same codecs; 409 while another publisher still sends.
   */
  async publishSource(
    device: { id: string; officerId: string | null },
    ingest: 'rtmp' | 'rtsp',
    choice: CodecChoice,
    source: FfmpegRtpSource,
    /** Packets that came before the stream was opened (a pull waits for the first one). */
    early: [MediaKind, RtpPacket][] = [],
  ): Promise<SourceHandle> {
    const resumable = this.resumableStream(this.byDevice.get(cameraKey(device.id)), choice);
    const open = resumable ?? (await this.openStream(device.id, device.officerId, null, ingest, choice));
    const { relay } = open;
    relay.attachSource(source);
    for (const [kind, rtp] of early) relay.receive(kind, rtp);
    source.on('rtp', (kind, rtp) => relay.receive(kind, rtp));
    // A WHIP session this source took over can no longer end the stream by DELETE.
    if (open.publisherSession) this.sessions.delete(open.publisherSession);
    open.publisherSession = null;
    if (resumable) {
      this.log.info({ streamId: open.row.id, ingest }, 'source reconnected; stream resumed');
      void this.toLive(open);
    }
    return {
      streamId: open.row.id,
      end: (reason) => this.endStream(open.row.id, reason),
      detach: () => relay.detachPublisher(source),
    };
  }

  /**
   * A source that could not start (an unreachable camera): an ended stream row whose reason
   * says why, so the operator who asked sees it. Nothing when the device has a stream open.
   */
  async recordFailedStart(
    device: { id: string; officerId: string | null },
    ingest: 'rtmp' | 'rtsp',
    reason: string,
  ): Promise<void> {
    if (this.byDevice.has(cameraKey(device.id))) return;
    const request = this.pendingRequests.get(device.id);
    this.pendingRequests.delete(device.id);
    try {
      const row = await this.repository.insert({
        deviceId: device.id,
        officerId: device.officerId,
        userId: request?.userId ?? null,
        ingest,
        onDemand: request !== undefined,
        videoCodec: null,
        audioCodec: null,
      });
      const ended = await this.repository.end(row.id, reason, null);
      this.emit('stream', { ...this.toStream(ended ?? row), viewers: 0 });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // a stream opened meanwhile
    }
  }

  /** Talkback: an operator's microphone for one device. */
  async publishTalkback(principal: UserPrincipal, deviceId: string, offerSdp: unknown): Promise<SdpAnswer> {
    const device = await this.devicesRepository.findById(this.db, deviceId);
    if (!device) throw new NotFoundError(`No device ${deviceId}.`);
    const choice = chooseCodecs(parseOffer(offerSdp), TALKBACK_CODECS, 'publish');
    const existing = this.byDevice.get(talkbackKey(deviceId));
    const resumable = this.resumableStream(existing, choice, principal.user.id);
    const answer = await this.acceptPublisher(
      offerSdp as string,
      choice,
      resumable,
      principal.user.id,
      (relay) => this.openStream(deviceId, device.officerId, principal.user.id, 'talkback', choice, relay),
    );
    this.devices.send(deviceId, 'talkback:started', {
      streamId: answer.streamId,
      whepUrl: TALKBACK_WHEP_PATH,
      speaker: principal.user.displayName,
    });
    return answer;
  }

  /** DELETE of a WHIP session: the publisher stops on purpose, so the stream ends (no grace). */
  async unpublish(sessionId: string, ownerId: string): Promise<void> {
    const session = this.ownSession(sessionId, ownerId, 'publish');
    await this.endStream(session.streamId, 'stopped by the publisher');
  }

  /** An operator or administrator ends a stream; the device is told to stop publishing. */
  async endByStaff(streamId: string, principal: UserPrincipal): Promise<void> {
    if (!this.streams.has(streamId)) throw new NotFoundError(`Stream ${streamId} is not live.`);
    await this.endStream(streamId, `ended by ${principal.user.username}`);
  }

  /**
   * The device's token was revoked or replaced (a lost phone, a stolen camera): what it publishes
   * with WebRTC stops now, and it no longer hears talkback. RTMP has its own stream key, revoked
   * separately; RTSP cameras are pulled by the server.
   */
  async deviceTokenRevoked(deviceId: string): Promise<void> {
    const streamId = this.byDevice.get(cameraKey(deviceId));
    if (streamId && this.streams.get(streamId)?.row.ingest === 'whip') {
      await this.endStream(streamId, 'the device token was revoked');
    }
    for (const [id, session] of this.sessions) {
      if (session.kind !== 'view' || session.ownerId !== deviceId) continue;
      this.sessions.delete(id);
      this.streams.get(session.streamId)?.relay.removeViewer(session.viewerId);
    }
  }

  // ── viewing ──

  /** WHEP: a person watches a camera stream; officers only their own. */
  async view(principal: UserPrincipal, streamId: string, offerSdp: unknown): Promise<SdpAnswer> {
    const open = await this.openOrExplain(streamId);
    const { user } = principal;
    if (user.role === 'officer' && (user.officerId === null || open.row.officerId !== user.officerId)) {
      throw new ForbiddenError('An officer may watch only their own streams.');
    }
    if (open.row.ingest === 'talkback') {
      throw new ForbiddenError('A talkback stream is for its device; watch the device camera instead.');
    }
    return this.addViewer(open, offerSdp, user.id);
  }

  /** WHEP for a device: it receives the operator talking to it. */
  async listenToTalkback(principal: DevicePrincipal, offerSdp: unknown): Promise<SdpAnswer> {
    const streamId = this.byDevice.get(talkbackKey(principal.device.id));
    const open = streamId ? this.streams.get(streamId) : undefined;
    if (!open) throw new NotFoundError('No operator is talking to this device now.');
    return this.addViewer(open, offerSdp, principal.device.id);
  }

  async stopViewing(sessionId: string, ownerId: string): Promise<void> {
    const session = this.ownSession(sessionId, ownerId, 'view');
    this.sessions.delete(sessionId);
    this.streams.get(session.streamId)?.relay.removeViewer(session.viewerId);
  }

  // ── on demand ──

  async requestStream(
    principal: UserPrincipal,
    deviceId: string,
    reason: string | null,
  ): Promise<StreamRequestResult> {
    const device = await this.devicesRepository.findById(this.db, deviceId);
    if (!device) throw new NotFoundError(`No device ${deviceId}.`);
    const openId = this.byDevice.get(cameraKey(deviceId));
    if (openId) return { deviceId, delivered: 0, streamId: openId };
    this.pendingRequests.set(deviceId, { userId: principal.user.id, at: Date.now() });
    // A fixed camera is not asked: the server pulls it (delivered 1: the pull has started).
    if (await this.cameras.request(deviceId)) return { deviceId, delivered: 1, streamId: null };
    const delivered = this.devices.send(deviceId, 'stream:start', {
      whipUrl: whipPath(deviceId),
      reason,
      requestedBy: principal.user.displayName,
    });
    if (delivered === 0) {
      this.pendingRequests.delete(deviceId);
      throw new ConflictError(
        `Device ${device.name} is not connected to the server, so it cannot be asked to stream now.`,
      );
    }
    return { deviceId, delivered, streamId: null };
  }

  async setRecordContinuously(deviceId: string, record: boolean): Promise<void> {
    const device = await this.devicesRepository.findById(this.db, deviceId);
    if (!device) throw new NotFoundError(`No device ${deviceId}.`);
    await this.repository.setRecordContinuously(deviceId, record);
    const streamId = this.byDevice.get(cameraKey(deviceId));
    const open = streamId ? this.streams.get(streamId) : undefined;
    if (open) {
      open.recordContinuously = record;
      this.updateIdleTimer(open);
    }
    await this.cameras.recordChanged(deviceId, record);
  }

  async recordsContinuously(deviceId: string): Promise<boolean> {
    const device = await this.devicesRepository.findById(this.db, deviceId);
    if (!device) throw new NotFoundError(`No device ${deviceId}.`);
    return this.repository.recordsContinuously(deviceId);
  }

  // ── listing ──

  async listOpen(principal: UserPrincipal): Promise<Stream[]> {
    const officerId =
      principal.user.role === 'officer' ? (principal.user.officerId ?? NO_OFFICER) : undefined;
    const rows = await this.repository.listOpen(officerId ? { officerId } : {});
    return rows.map((row) => this.toStream(this.streams.get(row.id)?.row ?? row));
  }

  // ── internals ──

  private async openStream(
    deviceId: string,
    officerId: string | null,
    userId: string | null,
    ingest: StreamIngest,
    choice: CodecChoice,
    /** A relay made for this stream beforehand (its id becomes the stream's); else a new one. */
    prepared?: StreamRelay,
  ): Promise<OpenStream> {
    const key = ingest === 'talkback' ? talkbackKey(deviceId) : cameraKey(deviceId);
    const request = ingest === 'talkback' ? undefined : this.pendingRequests.get(deviceId);
    const onDemand = request !== undefined && Date.now() - request.at < REQUEST_VALID_MS;
    this.pendingRequests.delete(deviceId);
    let row: StreamRow;
    try {
      row = await this.repository.insert({
        id: prepared?.id,
        deviceId,
        officerId,
        userId: userId ?? (onDemand ? request!.userId : null),
        ingest,
        onDemand,
        videoCodec: choice.video?.name ?? null,
        audioCodec: choice.audio?.name ?? null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw this.busy(deviceId, ingest);
      throw error;
    }
    const relay = prepared ?? this.relays.open(row.id, codecsOf(choice));
    const open: OpenStream = {
      row,
      relay,
      publisherSession: null,
      reconnectTimer: null,
      idleTimer: null,
      recordContinuously: ingest === 'talkback' ? false : await this.repository.recordsContinuously(deviceId),
      totalBytes: 0,
      startedAtMs: Date.now(),
      connectingSince: null,
    };
    this.streams.set(row.id, open);
    this.byDevice.set(key, row.id);
    relay.on('publisherLost', () => void this.toReconnecting(open));
    relay.on('viewerCount', () => {
      this.updateIdleTimer(open);
      this.emit('stream', this.toStream(open.row));
    });
    relay.on('viewerLeft', (viewerId) => {
      for (const [id, session] of this.sessions) {
        if (session.kind === 'view' && session.viewerId === viewerId) this.sessions.delete(id);
      }
    });
    relay.on('failed', (reason) => void this.endStream(row.id, reason));
    relay.on('resolution', ({ width, height }) => {
      void this.repository
        .setResolution(row.id, width, height)
        .then((updated) => this.changed(open, updated));
    });
    this.recorder?.streamOpened(row, relay);
    this.updateIdleTimer(open);
    this.log.info(
      { streamId: row.id, deviceId, ingest, onDemand, codecs: [row.videoCodec, row.audioCodec] },
      'stream started',
    );
    if (!onDemand && ingest !== 'talkback') void this.cameraActivated(row);
    this.emit('stream', this.toStream(row));
    return open;
  }

  /**
   * The device's open stream when a new offer may take it over: its publisher has gone quiet
   * (reconnecting, or no packets for the media timeout) and the codec is the same. A
   * publisher still sending makes the new offer a second concurrent publisher: 409.
   */
  private resumableStream(
    streamId: string | undefined,
    choice: CodecChoice,
    ownerId?: string,
  ): OpenStream | undefined {
    const open = streamId ? this.streams.get(streamId) : undefined;
    if (!open) return undefined;
    const quiet = Date.now() - open.relay.lastPacketAt > this.config.mediaTimeoutMs;
    if (open.row.state === 'live' && !quiet && open.relay.hasPublisher) {
      throw this.busy(open.row.deviceId, open.row.ingest, open.row);
    }
    if (ownerId !== undefined && open.row.userId !== ownerId) {
      throw this.busy(open.row.deviceId, open.row.ingest, open.row);
    }
    const sameCodecs =
      open.relay.codecs.video?.name === choice.video?.name &&
      open.relay.codecs.audio?.name === choice.audio?.name;
    if (sameCodecs) return open;
    void this.endStream(open.row.id, 'the publisher came back with other codecs');
    return undefined;
  }

  /**
   * A body camera (or an officer's phone, through the officer app's Record) that starts streaming
   * on its own has started recording a scene: operators are told.
   */
  private async cameraActivated(row: StreamRow): Promise<void> {
    try {
      const device = await this.devicesRepository.findById(this.db, row.deviceId);
      if (device?.kind !== 'bodycam' && device?.kind !== 'phone') return;
      await this.alerts.raise({
        kind: 'camera-activated',
        severity: 'warning',
        officerId: row.officerId,
        deviceId: row.deviceId,
        message: `${device.kind === 'phone' ? 'Phone' : 'Body camera'} ${device.name} started streaming on its own.`,
        data: { streamId: row.id, deviceName: device.name, ingest: row.ingest },
        location: null,
      });
    } catch (error) {
      this.log.error({ err: error, streamId: row.id }, 'could not raise the camera-activated alert');
    }
  }

  private busy(deviceId: string, ingest: StreamIngest, row?: StreamRow): ConflictError {
    const what = ingest === 'talkback' ? 'Someone is already talking to device' : 'Device';
    const since = row ? ` (stream ${row.id}, since ${row.startedAt})` : '';
    return new ConflictError(
      ingest === 'talkback'
        ? `${what} ${deviceId}${since}; wait until they stop.`
        : `${what} ${deviceId} is already publishing${since}. Stop that publisher first (DELETE its WHIP session), ` +
            `or publish again after it has been silent for ${this.config.mediaTimeoutMs} ms to take the stream over.`,
    );
  }

  /**
   * Answers a publisher's offer on the resumed stream's relay, or on a new relay whose stream row
   * is inserted only once the offer was answered (a bad offer leaves no stream behind).
   */
  private async acceptPublisher(
    offerSdp: string,
    choice: CodecChoice,
    resumable: OpenStream | undefined,
    ownerId: string,
    open: (relay: StreamRelay) => Promise<OpenStream>,
  ): Promise<SdpAnswer> {
    if (resumable) {
      const peer = await resumable.relay.acceptPublisher(offerSdp, choice);
      return this.attachPublisher(resumable, peer, ownerId, true);
    }
    const relay = this.relays.open(randomUUID(), codecsOf(choice));
    try {
      const peer = await relay.acceptPublisher(offerSdp, choice);
      return this.attachPublisher(await open(relay), peer, ownerId, false);
    } catch (error) {
      await relay.close();
      throw error;
    }
  }

  private attachPublisher(
    open: OpenStream,
    peer: AcceptedPeer,
    ownerId: string,
    resumed: boolean,
  ): SdpAnswer {
    if (open.publisherSession) this.sessions.delete(open.publisherSession);
    const sessionId = randomUUID();
    open.publisherSession = sessionId;
    open.connectingSince = Date.now();
    this.sessions.set(sessionId, { kind: 'publish', streamId: open.row.id, ownerId });
    if (resumed) {
      this.log.info({ streamId: open.row.id }, 'publisher reconnected; stream resumed');
      void this.toLive(open);
    }
    const location =
      open.row.ingest === 'talkback' ? `/api/media/talkback/${sessionId}` : `/api/media/whip/${sessionId}`;
    return { answer: peer.answer, location, streamId: open.row.id };
  }

  private async addViewer(open: OpenStream, offerSdp: unknown, ownerId: string): Promise<SdpAnswer> {
    const { video } = open.relay.codecs;
    const choice = chooseCodecs(
      parseOffer(offerSdp),
      // A section the stream lacks is still answered (it stays silent), so any usable codec there.
      { video: video ? [video.name] : ['VP8', 'H264'], audio: ['opus'] },
      'view',
    );
    const peer = await open.relay.acceptViewer(offerSdp as string, choice);
    const sessionId = randomUUID();
    this.sessions.set(sessionId, { kind: 'view', streamId: open.row.id, ownerId, viewerId: peer.peerId });
    const location =
      open.row.ingest === 'talkback'
        ? `/api/media/talkback/whep/${sessionId}`
        : `/api/media/whep/${sessionId}`;
    return { answer: peer.answer, location, streamId: open.row.id };
  }

  private ownSession<K extends Session['kind']>(sessionId: string, ownerId: string, kind: K) {
    const session = this.sessions.get(sessionId);
    if (!session || session.ownerId !== ownerId || session.kind !== kind) {
      throw new NotFoundError(
        `No ${kind === 'publish' ? 'publishing' : 'viewing'} session ${sessionId} of yours.`,
      );
    }
    return session as Extract<Session, { kind: K }>;
  }

  private async openOrExplain(streamId: string): Promise<OpenStream> {
    const open = this.streams.get(streamId);
    if (open) return open;
    const row = /^[0-9a-f-]{36}$/i.test(streamId) ? await this.repository.find(streamId) : undefined;
    if (row?.state === 'ended') {
      throw new NotFoundError(
        `Stream ${streamId} ended at ${row.endedAt} (${row.endReason}); it cannot be watched live.`,
      );
    }
    throw new NotFoundError(`No live stream ${streamId}.`);
  }

  /** Watchdog: quiet publishers go "reconnecting"; ones that send again go back to "live". */
  private checkPublishers(): void {
    const now = Date.now();
    for (const open of this.streams.values()) {
      // Only while packets flow: viewers report on what they receive, so none while reconnecting.
      if (open.row.state === 'live') open.relay.dropSilentViewers(this.config.viewerTimeoutMs);
      const quiet = this.publisherQuiet(open, now);
      if (open.row.state === 'live' && quiet) void this.toReconnecting(open);
      else if (open.row.state === 'reconnecting' && !quiet && open.relay.hasPublisher) void this.toLive(open);
    }
  }

  /**
   * No packet for the media timeout; a publisher still connecting (no packet since it was
   * attached) has the longer connect timeout, so that a slow 4G handshake is not "reconnecting".
   */
  private publisherQuiet(open: OpenStream, now: number): boolean {
    const since = open.connectingSince;
    if (since !== null && open.relay.lastPacketAt <= since) {
      return now - since > Math.max(this.config.mediaTimeoutMs, this.config.connectTimeoutMs);
    }
    open.connectingSince = null;
    return now - open.relay.lastPacketAt > this.config.mediaTimeoutMs;
  }

  private async toReconnecting(open: OpenStream): Promise<void> {
    if (open.row.state !== 'live' || open.relay.isClosed) return;
    open.row = { ...open.row, state: 'reconnecting' };
    open.reconnectTimer ??= setTimeout(
      () => void this.endStream(open.row.id, 'publisher lost (did not reconnect in time)'),
      this.config.reconnectGraceSeconds * 1000,
    );
    this.log.info({ streamId: open.row.id }, 'publisher quiet; stream reconnecting');
    this.changed(open, await this.repository.setState(open.row.id, 'reconnecting'));
  }

  private async toLive(open: OpenStream): Promise<void> {
    if (open.reconnectTimer) clearTimeout(open.reconnectTimer);
    open.reconnectTimer = null;
    if (open.row.state === 'live' || open.relay.isClosed) return;
    open.row = { ...open.row, state: 'live' };
    open.relay.resetViewerTimeouts();
    // Viewers continue on the new publisher's packets from its next keyframe.
    if (open.relay.viewerCount > 0) open.relay.requestKeyframe('publisher resumed');
    this.changed(open, await this.repository.setState(open.row.id, 'live'));
  }

  private updateIdleTimer(open: OpenStream): void {
    const idle = open.row.onDemand && !open.recordContinuously && open.relay.viewerCount === 0;
    if (!idle) {
      if (open.idleTimer) clearTimeout(open.idleTimer);
      open.idleTimer = null;
      return;
    }
    open.idleTimer ??= setTimeout(
      () => void this.endStream(open.row.id, 'nobody watching (on-demand stream)'),
      this.config.idleStopSeconds * 1000,
    );
  }

  private async endStream(streamId: string, reason: string): Promise<void> {
    const open = this.streams.get(streamId);
    if (!open) return;
    this.streams.delete(streamId);
    const key =
      open.row.ingest === 'talkback' ? talkbackKey(open.row.deviceId) : cameraKey(open.row.deviceId);
    if (this.byDevice.get(key) === streamId) this.byDevice.delete(key);
    for (const [id, session] of this.sessions) if (session.streamId === streamId) this.sessions.delete(id);
    if (open.reconnectTimer) clearTimeout(open.reconnectTimer);
    if (open.idleTimer) clearTimeout(open.idleTimer);
    await this.recorder?.streamEnding(streamId, reason).catch((error: unknown) => {
      this.log.error({ err: error, streamId }, 'the recorder could not end the recording cleanly');
    });
    await open.relay.close();
    const seconds = (Date.now() - open.startedAtMs) / 1000;
    const bitrate = seconds > 0 ? Math.round((open.totalBytes * 8) / seconds / 1000) : null;
    const ended = await this.repository.end(streamId, reason, bitrate).catch((error: unknown) => {
      this.log.error({ err: error, streamId }, 'could not mark the stream ended');
      return undefined;
    });
    // Told only once the end is recorded, so nobody the device tells finds the stream still open.
    if (open.row.ingest === 'talkback') {
      this.devices.send(open.row.deviceId, 'talkback:ended', { streamId });
    } else if (reason !== 'stopped by the publisher') {
      this.devices.send(open.row.deviceId, 'stream:stop', { streamId, reason });
    }
    this.log.info({ streamId, reason }, 'stream ended');
    this.emit('stream', {
      ...this.toStream(ended ?? { ...open.row, state: 'ended', endReason: reason }),
      viewers: 0,
    });
  }

  private changed(open: OpenStream, updated: StreamRow | undefined): void {
    if (!updated || !this.streams.has(open.row.id)) return;
    open.row = updated;
    this.emit('stream', this.toStream(updated));
  }

  private async publishStats(): Promise<void> {
    const seconds = this.config.statsIntervalMs / 1000;
    for (const open of [...this.streams.values()]) {
      const sample = await open.relay.sample();
      open.totalBytes += sample.bytes;
      const expected = sample.packets + (sample.packetsLost ?? 0);
      this.emit('stats', {
        streamId: open.row.id,
        at: new Date().toISOString(),
        bitrateKbps: Math.round((sample.bytes * 8) / seconds / 100) / 10,
        packetsPerSecond: Math.round((sample.packets / seconds) * 10) / 10,
        packetsLost: sample.packetsLost,
        lossPercent:
          sample.packetsLost === null || expected === 0
            ? null
            : Math.round((sample.packetsLost / expected) * 1000) / 10,
        rttMs: sample.rttMs,
        viewers: open.relay.viewerCount,
        keyframeRequests: open.relay.keyframeRequests,
      });
    }
  }

  private toStream(row: StreamRow): Stream {
    const open = this.streams.get(row.id);
    const resolution = open?.relay.currentResolution;
    return {
      ...row,
      width: row.width ?? resolution?.width ?? null,
      height: row.height ?? resolution?.height ?? null,
      viewers: open?.relay.viewerCount ?? 0,
    };
  }

  /** Where the relays run and how loaded they are (the benchmarks, the logs). */
  relayLoad() {
    return this.relays.load();
  }

  /** For tests and the benchmarks: where the relays run. */
  get relayHost(): RelayHost {
    return this.relays;
  }

  /** The relay of an open stream (camera pulls ask for its viewers; the benchmark for its counters). */
  relayOf(streamId: string): StreamRelay | undefined {
    return this.streams.get(streamId)?.relay;
  }
}

const NO_OFFICER = '00000000-0000-0000-0000-000000000000';

function codecsOf(choice: CodecChoice): StreamCodecs {
  return {
    video: choice.video ? { name: choice.video.name, codec: choice.video.codec } : null,
    audio: choice.audio ? { name: choice.audio.name, codec: choice.audio.codec } : null,
  };
}
const cameraKey = (deviceId: string) => `camera:${deviceId}`;
const talkbackKey = (deviceId: string) => `talkback:${deviceId}`;
