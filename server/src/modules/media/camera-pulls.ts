// Fixed cameras pulled by RTSP, only while wanted: on an operator's request (until the stream's
// idle stop) or all the time when the camera records continuously. ffmpeg pulls over
// RTSP/TCP; a stream row appears with the first packet. A pull that fails is retried with
// back-off while still wanted; a camera unreachable on request gets an ended stream row whose
// reason says why (and its pull state keeps the reason too).
import type { Logger } from 'pino';
import type { RtpPacket } from 'werift';
import type { Stream } from '@fcc/shared';
import { FfmpegRtpSource } from './ffmpeg-rtp-source';
import type { FixedCameraRow, FixedCamerasRepository } from './fixed-cameras-repository';
import type { MediaService, SourceHandle } from './media-service';
import type { MediaKind } from './relay-stream';
import { ingestCodecs } from './rtmp-ingest';
import { maskRtspUrl } from './rtsp-url';

export type PullState = 'idle' | 'connecting' | 'pulling' | 'retrying';

export interface CameraPullOptions {
  ffmpegPath: string;
  /** No packet this long after starting (or while pulling): the attempt has failed. */
  stallMs: number;
  firstRetryMs: number;
  maxRetryMs: number;
  /** Told whenever a camera's pull state or failure reason changes (dashboards show it on the map). */
  onState?: (deviceId: string) => void;
}

interface Pull {
  camera: FixedCameraRow;
  wanted: 'on-demand' | 'continuous' | null;
  state: PullState;
  reason: string | null;
  audio: boolean;
  source: FfmpegRtpSource | null;
  handle: SourceHandle | null;
  failures: number;
  /** An ended row with the reason was written for the current outage. */
  outageRecorded: boolean;
  timer: NodeJS.Timeout | null;
}

export class CameraPulls {
  private readonly pulls = new Map<string, Pull>();
  private stopped = false;

  constructor(
    private readonly cameras: FixedCamerasRepository,
    private readonly media: MediaService,
    private readonly options: CameraPullOptions,
    private readonly log: Logger,
  ) {
    media.on('stream', (stream) => this.streamChanged(stream));
  }

  async start(): Promise<void> {
    for (const camera of await this.cameras.list()) {
      if (camera.recordContinuously) this.want(camera, 'continuous');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.pulls.values()].map((pull) => this.halt(pull)));
  }

  stateOf(deviceId: string): { state: PullState; reason: string | null; streamId: string | null } {
    const pull = this.pulls.get(deviceId);
    return {
      state: pull?.state ?? 'idle',
      reason: pull?.reason ?? null,
      streamId: pull?.handle?.streamId ?? null,
    };
  }

  /** An operator asks to watch: answers false when the device is not a registered fixed camera. */
  async request(deviceId: string): Promise<boolean> {
    const camera = await this.cameras.find(deviceId);
    if (!camera) return false;
    this.want(camera, this.pulls.get(deviceId)?.wanted === 'continuous' ? 'continuous' : 'on-demand');
    return true;
  }

  async recordChanged(deviceId: string, record: boolean): Promise<void> {
    const camera = await this.cameras.find(deviceId);
    if (!camera) return;
    if (record) return this.want(camera, 'continuous');
    const pull = this.pulls.get(deviceId);
    if (pull?.wanted !== 'continuous') return;
    const streamId = pull.handle?.streamId;
    const watched = streamId !== undefined && (this.media.relayOf(streamId)?.viewerCount ?? 0) > 0;
    if (watched) pull.wanted = 'on-demand';
    else {
      await pull.handle?.end('no longer recording continuously, and nobody watching');
      await this.halt(pull);
    }
  }

  /** The camera's URL or location changed, or it was removed: pull anew if it was being pulled. */
  async changed(deviceId: string): Promise<void> {
    const pull = this.pulls.get(deviceId);
    if (!pull) return;
    const wanted = pull.wanted;
    await pull.handle?.end('camera settings changed');
    await this.halt(pull);
    const camera = await this.cameras.find(deviceId);
    if (camera && wanted) this.want(camera, wanted);
  }

  private want(camera: FixedCameraRow, wanted: 'on-demand' | 'continuous'): void {
    if (this.stopped) return;
    let pull = this.pulls.get(camera.deviceId);
    if (!pull) {
      pull = {
        camera,
        wanted,
        state: 'idle',
        reason: null,
        audio: true,
        source: null,
        handle: null,
        failures: 0,
        outageRecorded: false,
        timer: null,
      };
      this.pulls.set(camera.deviceId, pull);
    }
    pull.camera = camera;
    pull.wanted = wanted;
    if (pull.state === 'idle') void this.attempt(pull);
  }

  private async attempt(pull: Pull): Promise<void> {
    if (pull.timer) clearTimeout(pull.timer);
    pull.timer = null;
    if (!pull.wanted || this.stopped) return;
    this.setState(pull, pull.failures === 0 ? 'connecting' : 'retrying', pull.reason);
    const log = this.log.child({ deviceId: pull.camera.deviceId });
    let source: FfmpegRtpSource;
    try {
      source = await FfmpegRtpSource.create({
        ffmpegPath: this.options.ffmpegPath,
        inputArgs: ['-rtsp_transport', 'tcp', '-i', pull.camera.rtspUrl],
        audio: pull.audio,
        log: log.child({ ingest: 'rtsp' }),
      });
    } catch (error) {
      return this.failed(pull, `ffmpeg could not start: ${(error as Error).message}`);
    }
    pull.source = source;
    const early: [MediaKind, RtpPacket][] = [];
    const keep = (kind: MediaKind, rtp: RtpPacket) => early.length < 500 && early.push([kind, rtp]);
    source.on('rtp', keep);
    const started = await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve('no video from the camera in time'), this.options.stallMs);
      source.once('rtp', () => {
        clearTimeout(timer);
        resolve(null);
      });
      source.once('exit', ({ reason }) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
    source.off('rtp', keep);
    if (started !== null || pull.source !== source || !pull.wanted) {
      await source.close();
      if (pull.source === source) pull.source = null;
      if (started !== null) await this.failed(pull, started);
      return;
    }
    try {
      pull.handle = await this.media.publishSource(
        { id: pull.camera.deviceId, officerId: pull.camera.officerId },
        'rtsp',
        ingestCodecs(pull.audio),
        source,
        early,
      );
    } catch (error) {
      await source.close();
      pull.source = null;
      return this.failed(pull, (error as Error).message);
    }
    this.setState(pull, 'pulling', null);
    pull.failures = 0;
    pull.outageRecorded = false;
    log.info({ streamId: pull.handle.streamId }, 'pulling the camera');
    const stall = setInterval(() => {
      if (Date.now() - source.lastPacketAt > this.options.stallMs) void source.close();
    }, 1000);
    source.once('exit', ({ reason }) => {
      clearInterval(stall);
      if (pull.source !== source) return;
      pull.source = null;
      pull.handle?.detach(); // the stream waits (reconnecting) for the next attempt
      void this.failed(pull, source.closedByUs ? 'no packets from the camera' : reason);
    });
  }

  private async failed(pull: Pull, ffmpegReason: string): Promise<void> {
    if (this.stopped || !pull.wanted) return;
    // ffmpeg quotes the URL it could not open; the reason is shown to staff, the password is not.
    const reason = maskRtspUrl(ffmpegReason);
    if (pull.audio && /matches no streams/.test(reason)) {
      pull.audio = false; // the camera has no audio: pull video only
      return this.attempt(pull);
    }
    pull.failures += 1;
    this.log.warn({ deviceId: pull.camera.deviceId, reason, failures: pull.failures }, 'camera pull failed');
    const streamOpen = pull.handle !== null;
    if (!streamOpen && !pull.outageRecorded) {
      pull.outageRecorded = true;
      await this.media.recordFailedStart(
        { id: pull.camera.deviceId, officerId: pull.camera.officerId },
        'rtsp',
        `camera unreachable: ${reason}`,
      );
    }
    if (!streamOpen && pull.wanted === 'on-demand') {
      // Nobody is waiting on a stream that never started: the operator sees why and may ask again.
      pull.wanted = null;
      this.setState(pull, 'idle', reason);
      return;
    }
    this.setState(pull, 'retrying', reason);
    const delay = Math.min(this.options.maxRetryMs, this.options.firstRetryMs * 2 ** (pull.failures - 1));
    pull.timer = setTimeout(() => void this.attempt(pull), delay);
  }

  private streamChanged(stream: Stream): void {
    const pull = this.pulls.get(stream.deviceId);
    if (!pull || stream.state !== 'ended' || pull.handle?.streamId !== stream.id) return;
    pull.handle = null;
    if (pull.wanted === 'continuous' && !this.stopped) {
      // Ended while the camera was away too long, or by staff: a continuous camera starts again.
      if (pull.source === null && pull.timer === null) void this.attempt(pull);
      return;
    }
    void this.halt(pull);
  }

  private setState(pull: Pull, state: PullState, reason: string | null): void {
    if (pull.state === state && pull.reason === reason) return;
    pull.state = state;
    pull.reason = reason;
    if (!this.stopped) this.options.onState?.(pull.camera.deviceId);
  }

  private async halt(pull: Pull): Promise<void> {
    pull.wanted = null;
    this.setState(pull, 'idle', pull.reason);
    if (pull.timer) clearTimeout(pull.timer);
    pull.timer = null;
    const source = pull.source;
    pull.source = null;
    pull.handle = null;
    await source?.close();
  }
}
