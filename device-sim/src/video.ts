// The seam for body-camera video. A publisher (WHIP to the relay, or RTMP) plugs in here; the
// officer starts it when the command centre asks or recording is switched on, stops it in a 4G
// dead zone or when the battery dies, and resumes it on reconnect. Not built yet: the WHIP relay
// is being built at the same time; until then every officer has NO_VIDEO.
import type { SimDevice } from './fleet-setup';

export interface VideoPublisher {
  readonly live: boolean;
  start(reason: 'requested' | 'recording' | 'resumed'): Promise<void>;
  stop(reason: 'requested' | 'offline' | 'battery' | 'shutdown'): Promise<void>;
}

export type VideoPublisherFactory = (device: SimDevice) => VideoPublisher;

export const NO_VIDEO: VideoPublisher = {
  live: false,
  start: async () => {},
  stop: async () => {},
};
