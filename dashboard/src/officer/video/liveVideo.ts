// What the officer must always be able to see: whether the camera is live (and so watched by
// the command centre), a request waiting for their tap, and the command centre speaking.
import type { StreamStartRequest, TalkbackStarted } from '@fcc/shared';
import { create } from 'zustand';

/**
 * idle: camera off; asked: the command centre asked, waiting for the officer's tap; starting:
 * camera opening or first connection; live: published; reconnecting: lost, offering again.
 */
export type LivePhase = 'idle' | 'asked' | 'starting' | 'live' | 'reconnecting';

/** A message for the officer: an i18n key with its values (server reasons go in as values). */
export interface VideoNotice {
  key:
    | 'officerApp.video.ended'
    | 'officerApp.video.refused'
    | 'officerApp.video.blocked'
    | 'officerApp.video.noCamera'
    | 'officerApp.video.notSecure'
    | 'officerApp.video.cameraLost';
  values?: Record<string, string>;
}

interface LiveVideoState {
  phase: LivePhase;
  /** Who turned the camera on: the command centre's request or the officer. */
  origin: 'requested' | 'officer' | null;
  request: StreamStartRequest | null;
  streamId: string | null;
  /** The camera as it films, for the small preview on the phone. */
  preview: MediaStream | null;
  notice: VideoNotice | null;
  talkback: TalkbackStarted | null;
  set: (patch: Partial<Omit<LiveVideoState, 'set' | 'reset'>>) => void;
  reset: () => void;
}

const initial = {
  phase: 'idle' as LivePhase,
  origin: null,
  request: null,
  streamId: null,
  preview: null,
  notice: null,
  talkback: null,
};

export const useLiveVideo = create<LiveVideoState>()((set) => ({
  ...initial,
  set: (patch) => set(patch),
  reset: () => set(initial),
}));

/** The camera is on (or being turned on): the officer must see it. */
export const isCameraOn = (phase: LivePhase) =>
  phase === 'starting' || phase === 'live' || phase === 'reconnecting';
