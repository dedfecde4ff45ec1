// Receives an operator's voice (talkback) by WHEP, receive-only audio, and plays it in the given
// <audio> element. Browsers play sound only once the page has been touched: until then it is
// "blocked" and a tap on the page's button calls play() again.
import { ApiError } from '../../api/client';
import { retryDelayMs } from './publishRetry';
import { completeOffer, endSession, exchangeSdp, type SdpSession } from './sdpExchange';

export type TalkbackPlayback = 'connecting' | 'playing' | 'blocked';

export interface TalkbackEvents {
  playback(state: TalkbackPlayback): void;
  /** Audio RTP packets received so far on the current connection. */
  packets(count: number): void;
  /** The operator is no longer talking (the server has no talkback for this device). */
  ended(): void;
}

const STATS_EVERY_MS = 1_000;

export class TalkbackReceiver {
  private pc: RTCPeerConnection | null = null;
  private session: SdpSession | null = null;
  private attempt = 0;
  private retryTimer: number | null = null;
  private readonly statsTimer: number;
  private readonly requests = new AbortController();
  private closed = false;

  constructor(
    private readonly whepUrl: string,
    private readonly token: string,
    private readonly audio: HTMLAudioElement,
    private readonly events: TalkbackEvents,
  ) {
    this.statsTimer = window.setInterval(() => void this.countPackets(), STATS_EVERY_MS);
    void this.connect();
  }

  /** Plays again after a tap (the first play may have been refused without one). */
  play(): void {
    this.audio.play().then(
      () => this.events.playback('playing'),
      (error: unknown) => {
        if (error instanceof DOMException && error.name === 'NotAllowedError')
          this.events.playback('blocked');
      },
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    window.clearInterval(this.statsTimer);
    if (this.retryTimer !== null) window.clearTimeout(this.retryTimer);
    this.requests.abort();
    if (this.session) void endSession(this.session.location, this.token);
    this.pc?.close();
    this.pc = null;
    this.audio.srcObject = null;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.pc?.close();
    const pc = new RTCPeerConnection();
    this.pc = pc;
    this.events.playback('connecting');
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addEventListener('track', (event) => {
      this.audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      this.play();
    });
    pc.addEventListener('connectionstatechange', () => {
      if (this.pc !== pc || this.closed) return;
      if (pc.connectionState === 'connected') this.attempt = 0;
      if (pc.connectionState === 'failed') this.retryLater();
    });
    try {
      const offer = await completeOffer(pc);
      const session = await exchangeSdp(this.whepUrl, this.token, offer, this.requests.signal);
      if (this.pc !== pc || this.closed) {
        void endSession(session.location, this.token);
        return;
      }
      this.session = session;
      await pc.setRemoteDescription({ type: 'answer', sdp: session.answer });
    } catch (error) {
      if (this.pc !== pc || this.closed) return;
      // 404: nobody is talking to this device (any more).
      if (error instanceof ApiError && error.status === 404) this.events.ended();
      else this.retryLater();
    }
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer !== null) return;
    this.events.playback('connecting');
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, retryDelayMs(this.attempt++));
  }

  private async countPackets(): Promise<void> {
    const pc = this.pc;
    if (!pc) return;
    let packets = 0;
    (await pc.getStats()).forEach((entry: { type: string; kind?: string; packetsReceived?: number }) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'audio') packets += entry.packetsReceived ?? 0;
    });
    if (this.pc === pc && !this.closed) this.events.packets(packets);
  }
}
