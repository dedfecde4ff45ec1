// Publishes the phone's camera and microphone by WHIP and keeps it published: when the
// connection drops (4G dead zone, a change of cell) it offers again with the same tracks, and
// the server resumes the same stream within its grace period. It never stops the tracks: the
// caller that opened the camera closes it.
import { ApiError, NO_RESPONSE } from '../../api/client';
import { preferredVideoCodecs } from './codecPreference';
import { afterPublishFailure, retryDelayMs } from './publishRetry';
import { completeOffer, endSession, exchangeSdp, type SdpSession } from './sdpExchange';

/** connecting: before the first connection; reconnecting: lost after having been live. */
export type PublisherState = 'connecting' | 'live' | 'reconnecting';

export interface PublisherEvents {
  state(state: PublisherState, streamId: string | null): void;
  /** The server refused the video for a reason repeating cannot change; publishing has stopped. */
  failed(error: ApiError): void;
}

/** About a 4G uplink's worth: 720p at this rate stays readable and leaves room for audio. */
const MAX_VIDEO_BITRATE = 1_200_000;
/** A connection "disconnected" this long is taken as lost (it often recovers within a few seconds). */
const DISCONNECTED_GRACE_MS = 4_000;

export class CameraPublisher {
  private pc: RTCPeerConnection | null = null;
  private session: SdpSession | null = null;
  private everLive = false;
  private attempt = 0;
  private retryTimer: number | null = null;
  private disconnectedTimer: number | null = null;
  private readonly requests = new AbortController();
  private closed = false;
  private readonly onOnline = () => {
    if (this.pc?.connectionState !== 'connected') void this.publish();
  };

  constructor(
    private readonly media: MediaStream,
    private readonly whipUrl: string,
    private readonly token: string,
    private readonly events: PublisherEvents,
  ) {}

  get streamId(): string | null {
    return this.session?.streamId ?? null;
  }

  start(): void {
    window.addEventListener('online', this.onOnline);
    void this.publish();
  }

  /** Stops publishing; the DELETE tells the server the officer stopped on purpose (no grace wait). */
  close(tellServer = true): void {
    if (this.closed) return;
    this.closed = true;
    window.removeEventListener('online', this.onOnline);
    this.clearTimers();
    this.requests.abort();
    if (tellServer && this.session) void endSession(this.session.location, this.token);
    this.pc?.close();
    this.pc = null;
  }

  private async publish(): Promise<void> {
    if (this.closed) return;
    this.clearTimers();
    this.pc?.close();
    const pc = new RTCPeerConnection();
    this.pc = pc;
    for (const track of this.media.getTracks()) {
      const transceiver = pc.addTransceiver(track, {
        direction: 'sendonly',
        ...(track.kind === 'video' ? { sendEncodings: [{ maxBitrate: MAX_VIDEO_BITRATE }] } : {}),
      });
      const codecs = track.kind === 'video' ? RTCRtpSender.getCapabilities?.('video')?.codecs : undefined;
      if (codecs && 'setCodecPreferences' in transceiver) {
        transceiver.setCodecPreferences(preferredVideoCodecs(codecs));
      }
    }
    pc.addEventListener('connectionstatechange', () => this.connectionChanged(pc));
    this.events.state(this.everLive ? 'reconnecting' : 'connecting', this.streamId);
    try {
      const offer = await completeOffer(pc);
      if (this.pc !== pc) return;
      const session = await exchangeSdp(this.whipUrl, this.token, offer, this.requests.signal);
      if (this.pc !== pc) {
        // Superseded while in flight (closed, or a newer attempt): this session is not ours to keep.
        if (this.closed) void endSession(session.location, this.token);
        return;
      }
      this.session = session;
      await pc.setRemoteDescription({ type: 'answer', sdp: session.answer });
      this.events.state(this.everLive ? 'reconnecting' : 'connecting', session.streamId);
    } catch (error) {
      if (this.pc !== pc || this.closed) return;
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(NO_RESPONSE, error instanceof Error ? error.message : String(error));
      if (afterPublishFailure(apiError.status) === 'retry') this.retryLater();
      else {
        this.close(false);
        this.events.failed(apiError);
      }
    }
  }

  private connectionChanged(pc: RTCPeerConnection): void {
    if (this.pc !== pc || this.closed) return;
    switch (pc.connectionState) {
      case 'connected':
        this.clearTimers();
        this.attempt = 0;
        this.everLive = true;
        this.events.state('live', this.streamId);
        break;
      case 'disconnected':
        if (this.everLive) this.events.state('reconnecting', this.streamId);
        this.disconnectedTimer ??= window.setTimeout(() => {
          this.disconnectedTimer = null;
          if (this.pc === pc && pc.connectionState !== 'connected') void this.publish();
        }, DISCONNECTED_GRACE_MS);
        break;
      case 'failed':
      case 'closed':
        this.retryLater();
        break;
    }
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer !== null) return;
    if (this.everLive) this.events.state('reconnecting', this.streamId);
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = null;
      void this.publish();
    }, retryDelayMs(this.attempt++));
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) window.clearTimeout(this.retryTimer);
    if (this.disconnectedTimer !== null) window.clearTimeout(this.disconnectedTimer);
    this.retryTimer = this.disconnectedTimer = null;
  }
}
