// The seam for body-camera video: what a simulated officer tells their camera (the connection
// came or went, the command centre asked for video or to stop, an operator talks back, the
// battery died, the run ends). `BodyCamera` (body-camera.ts) is the real one; officers without
// a camera have NO_VIDEO.
import type { StreamStartRequest, StreamStopRequest, TalkbackEnded, TalkbackStarted } from '@fcc/shared';
import type { SimDevice } from './fleet-setup';

export interface VideoDevice {
  /** Whether the camera is publishing now. */
  readonly live: boolean;
  /** The device is online (4G and its connection to the server are up). */
  connected(): void;
  /** The device lost its connection (a dead zone): video goes silent, to be resumed. */
  disconnected(): void;
  /** `stream:start` from the command centre. */
  streamRequested(request: StreamStartRequest): void;
  /** `stream:stop`: the server has ended the stream. */
  stopRequested(request: StreamStopRequest): void;
  talkbackStarted(talkback: TalkbackStarted): void;
  talkbackEnded(talkback: TalkbackEnded): void;
  /** For good: the battery died (silent) or the run ends (the stream is stopped cleanly). */
  switchOff(reason: 'battery' | 'shutdown'): Promise<void>;
}

export type VideoDeviceFactory = (device: SimDevice) => VideoDevice;

export const NO_VIDEO: VideoDevice = {
  live: false,
  connected: () => {},
  disconnected: () => {},
  streamRequested: () => {},
  stopRequested: () => {},
  talkbackStarted: () => {},
  talkbackEnded: () => {},
  switchOff: async () => {},
};
