// A simulated officer's body camera: follows camera-policy.ts to start and end a publisher
// (WHIP or RTMP, made by `publish`), retries what the network or a busy server let fail,
// gives up on a refusal (a 4xx, which makes the simulator exit non-zero), and listens to
// talkback while it is online.
import type { StreamStartRequest, StreamStopRequest, TalkbackEnded, TalkbackStarted } from '@fcc/shared';
import {
  howToEnd,
  initialCameraState,
  nextCameraState,
  wantsToPublish,
  type CameraEvent,
  type CameraState,
  type VideoMode,
} from './camera-policy';
import { PeerFailed, RtmpRefused, type CameraPublisher } from './publishers';
import { ServerRejection } from './server-api';
import type { TalkbackListener } from './talkback-listener';
import type { VideoDevice } from './video';

export interface BodyCameraContext {
  label: string;
  mode: VideoMode;
  /** Starts publishing the camera's loop; throws ServerRejection / RtmpRefused when refused. */
  publish(): Promise<CameraPublisher>;
  /** Opens the talkback WHEP viewer; `heard` per audio packet. */
  listen(whepUrl: string, heard: () => void): Promise<TalkbackListener>;
  log(line: string): void;
  /** Live streams and talkback packets, for the status line. */
  counters: { streamsLive: number; talkbackPackets: number };
  /** The server refused a publish: recorded so the run exits non-zero. */
  refused(message: string): void;
  retryDelayMs?: number;
}

/** A second publisher for the device is refused (409) until the server has seen the first go quiet. */
const CONFLICT_RETRIES = 10;

export class BodyCamera implements VideoDevice {
  private state: CameraState;
  private publisher: CameraPublisher | null = null;
  private busy = false;
  private again = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private conflicts = 0;
  /** Whether the server has opened a stream for this camera in this run: a 409 then is most likely its own. */
  private publishedBefore = false;
  private talkback: { streamId: string; whepUrl: string; listener: TalkbackListener | null } | null = null;
  private readonly retryDelayMs: number;
  /** Resolves once the camera has settled after switchOff. */
  private settled: Promise<void> = Promise.resolve();

  constructor(private readonly context: BodyCameraContext) {
    this.state = initialCameraState(context.mode);
    this.retryDelayMs = context.retryDelayMs ?? 2000;
  }

  get live(): boolean {
    return this.publisher !== null;
  }

  get streamId(): string | null {
    return this.publisher?.streamId ?? null;
  }

  connected(): void {
    this.apply({ type: 'connected' });
    if (this.talkback && !this.talkback.listener) void this.openTalkback();
  }

  disconnected(): void {
    this.apply({ type: 'disconnected' });
    void this.closeTalkback(false);
  }

  streamRequested(request: StreamStartRequest): void {
    this.context.log(
      `${this.context.label}: the command centre asks for video (${request.requestedBy}${request.reason ? `: ${request.reason}` : ''})`,
    );
    this.apply({ type: 'stream-requested' });
  }

  stopRequested(request: StreamStopRequest): void {
    const current = this.publisher?.streamId;
    // A stop for a stream that is not this publisher's (an older one) changes nothing.
    if (current && current !== request.streamId) return;
    this.context.log(`${this.context.label}: the server ended the stream (${request.reason})`);
    this.apply({ type: 'stop-requested' });
  }

  talkbackStarted(talkback: TalkbackStarted): void {
    void this.closeTalkback(true);
    this.context.log(`${this.context.label}: ${talkback.speaker} talks to the officer`);
    this.talkback = { streamId: talkback.streamId, whepUrl: talkback.whepUrl, listener: null };
    if (this.state.online) void this.openTalkback();
  }

  talkbackEnded(talkback: TalkbackEnded): void {
    if (this.talkback?.streamId !== talkback.streamId) return;
    this.context.log(`${this.context.label}: talkback ended`);
    void this.closeTalkback(true);
  }

  async switchOff(reason: 'battery' | 'shutdown'): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.apply({ type: 'switched-off', reason });
    await this.closeTalkback(true);
    await this.settled;
  }

  private apply(event: CameraEvent): void {
    this.state = nextCameraState(this.state, event);
    this.settled = this.reconcile();
  }

  /** Brings the publisher in line with the policy; one change at a time, re-run if events came. */
  private async reconcile(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return this.settled;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        const want = wantsToPublish(this.state);
        if (want && !this.publisher) await this.startPublisher();
        else if (!want && this.publisher) await this.endPublisher();
      } while (this.again);
    } finally {
      this.busy = false;
    }
  }

  private async startPublisher(): Promise<void> {
    let publisher: CameraPublisher;
    try {
      publisher = await this.context.publish();
    } catch (error) {
      return this.startFailed(error);
    }
    this.conflicts = 0;
    this.publishedBefore = true;
    this.publisher = publisher;
    this.context.counters.streamsLive++;
    const why = this.state.requested ? 'asked by the command centre' : 'recording';
    this.context.log(
      `${this.context.label}: camera live${publisher.streamId ? `, stream ${publisher.streamId}` : ''} (${why})`,
    );
    void publisher.failed.then((reason) => {
      if (this.publisher !== publisher) return;
      this.publisher = null;
      this.context.counters.streamsLive--;
      void publisher.drop();
      this.context.log(`${this.context.label}: camera stopped: ${reason}; trying again`);
      this.retryLater();
    });
  }

  private startFailed(error: unknown): void {
    // The server opened a stream for this camera: a 409 on the next attempt is that stream.
    if (error instanceof PeerFailed) this.publishedBefore = true;
    const conflict = error instanceof ServerRejection && error.status === 409;
    if (conflict && this.publishedBefore && ++this.conflicts <= CONFLICT_RETRIES) {
      // The server still hears our own previous publisher (a short dead zone): wait until it does not.
      return this.retryLater();
    }
    const refused =
      (error instanceof ServerRejection &&
        error.status >= 400 &&
        error.status < 500 &&
        error.status !== 429) ||
      error instanceof RtmpRefused;
    if (refused) {
      this.state = nextCameraState(this.state, { type: 'refused' });
      const message = `${this.context.label}: publish refused: ${(error as Error).message}`;
      this.context.log(message);
      this.context.refused(message);
      return;
    }
    this.context.log(`${this.context.label}: could not publish (${(error as Error).message}); trying again`);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.retryTimer || this.state.off) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.settled = this.reconcile();
    }, this.retryDelayMs);
  }

  private async endPublisher(): Promise<void> {
    const publisher = this.publisher!;
    this.publisher = null;
    this.context.counters.streamsLive--;
    const how = howToEnd(this.state);
    await (how === 'stop' ? publisher.stop() : publisher.drop());
    const why = this.state.off === 'battery' ? 'battery empty' : !this.state.online ? 'no 4G' : null;
    if (why) this.context.log(`${this.context.label}: camera silent (${why})`);
  }

  private async openTalkback(): Promise<void> {
    const talkback = this.talkback;
    if (!talkback || talkback.listener) return;
    try {
      const listener = await this.context.listen(
        talkback.whepUrl,
        () => this.context.counters.talkbackPackets++,
      );
      if (this.talkback !== talkback || !this.state.online) return void listener.close();
      talkback.listener = listener;
    } catch (error) {
      if (this.talkback !== talkback) return;
      this.context.log(`${this.context.label}: cannot hear the talkback: ${(error as Error).message}`);
      // Gone meanwhile (the operator stopped while we were offline): forget it.
      if (error instanceof ServerRejection) this.talkback = null;
    }
  }

  /** Closes the listener; `forget` also drops the talkback (ended, or switched off). */
  private async closeTalkback(forget: boolean): Promise<void> {
    const talkback = this.talkback;
    if (!talkback) return;
    const listener = talkback.listener;
    talkback.listener = null;
    if (forget) this.talkback = null;
    await listener?.close();
  }
}
