// When a simulated body camera publishes, as a pure function of what has happened to it: in
// `always` mode it records from the start (a camera switched on by its officer), in `on-request`
// mode only once the command centre asks; never while offline, switched off or refused; and a
// stop from the server ends it until it is asked again.
export const VIDEO_MODES = ['on-request', 'always'] as const;
export type VideoMode = (typeof VIDEO_MODES)[number];

export interface CameraState {
  /** 4G and the connection to the server are up. */
  online: boolean;
  /** The command centre asked for video (and has not stopped it since). */
  requested: boolean;
  /** The officer's camera is recording on its own (always mode, until the server stops it). */
  recording: boolean;
  /** Switched off for good: a dead battery, or the end of the run. */
  off: 'battery' | 'shutdown' | null;
  /** The server refused a publish (a 4xx): the camera gives up. */
  refused: boolean;
}

export type CameraEvent =
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'stream-requested' }
  | { type: 'stop-requested' }
  | { type: 'switched-off'; reason: 'battery' | 'shutdown' }
  | { type: 'refused' };

export function initialCameraState(mode: VideoMode): CameraState {
  return { online: false, requested: false, recording: mode === 'always', off: null, refused: false };
}

export function nextCameraState(state: CameraState, event: CameraEvent): CameraState {
  switch (event.type) {
    case 'connected':
      return { ...state, online: true };
    case 'disconnected':
      // What was asked stays asked: the stream resumes when the device is back.
      return { ...state, online: false };
    case 'stream-requested':
      return { ...state, requested: true };
    case 'stop-requested':
      return { ...state, requested: false, recording: false };
    case 'switched-off':
      return { ...state, off: state.off ?? event.reason };
    case 'refused':
      return { ...state, refused: true };
  }
}

export function wantsToPublish(state: CameraState): boolean {
  return state.online && state.off === null && !state.refused && (state.requested || state.recording);
}

/**
 * How a publisher that is no longer wanted ends: `stop` tells the server (the stream ends at
 * once) only when the run ends; everything else just goes silent: offline or a dead battery
 * (the server keeps the stream for its grace period), or the server already ended it.
 */
export function howToEnd(state: CameraState): 'stop' | 'drop' {
  return state.off === 'shutdown' ? 'stop' : 'drop';
}

/** Which of `officers` carry a camera: `count` of them spread evenly (one per area in the demo town). */
export function camerasAmong<T>(officers: readonly T[], count: number): T[] {
  const n = Math.min(count, officers.length);
  return Array.from({ length: n }, (_, i) => officers[Math.floor((i * officers.length) / n)]!);
}
