// Turns the camera on and off: on the command centre's request (at once when the browser
// already allows the camera, else after the officer's tap, which some phones need for the
// permission prompt) or when the officer presses Record; off when the officer stops, the
// server ends the stream, or the phone signs out. Talkback only changes state here; the
// banner that owns the <audio> element does the receiving.
import type { StreamStartRequest, StreamStopRequest, TalkbackEnded, TalkbackStarted } from '@fcc/shared';
import { useDeviceSession } from '../store/deviceSession';
import { CameraPublisher } from './CameraPublisher';
import { isCameraOn, useLiveVideo, type VideoNotice } from './liveVideo';

let publisher: CameraPublisher | null = null;
let media: MediaStream | null = null;
let wakeLock: { release(): Promise<void> } | null = null;

const state = () => useLiveVideo.getState();

/** The rear camera at 720p where the phone has it (any camera elsewhere) and the microphone. */
const CONSTRAINTS: MediaStreamConstraints = {
  video: {
    facingMode: { ideal: 'environment' },
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 25, max: 30 },
  },
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
};

async function cameraAllowed(): Promise<boolean> {
  try {
    const answers = await Promise.all(
      (['camera', 'microphone'] as const).map((name) =>
        navigator.permissions.query({ name: name as PermissionName }),
      ),
    );
    return answers.every((answer) => answer.state === 'granted');
  } catch {
    return false; // this browser cannot say (Firefox): ask with a tap
  }
}

export async function streamRequested(request: StreamStartRequest): Promise<void> {
  if (isCameraOn(state().phase)) return;
  navigator.vibrate?.([300, 120, 300]);
  state().set({ request, origin: 'requested', notice: null });
  if (await cameraAllowed()) await startVideo('requested');
  else state().set({ phase: 'asked' });
}

/** The officer lets the request pass; the command centre sees no stream. */
export function declineRequest(): void {
  if (state().phase === 'asked') state().set({ phase: 'idle', request: null, origin: null });
}

export async function startVideo(origin: 'requested' | 'officer'): Promise<void> {
  if (isCameraOn(state().phase)) return;
  const { token, self } = useDeviceSession.getState();
  if (!token || !self) return;
  const request = origin === 'requested' ? state().request : null;
  state().set({ phase: 'starting', origin, request, notice: null, streamId: null });
  if (!navigator.mediaDevices?.getUserMedia) {
    stopVideo({ key: 'officerApp.video.notSecure' });
    return;
  }
  try {
    media = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    stopVideo({
      key:
        name === 'NotFoundError' || name === 'OverconstrainedError'
          ? 'officerApp.video.noCamera'
          : 'officerApp.video.blocked',
    });
    return;
  }
  if (state().phase !== 'starting') {
    // Stopped while the permission prompt was open.
    stopTracks();
    return;
  }
  for (const track of media.getTracks()) {
    track.addEventListener('ended', () => stopVideo({ key: 'officerApp.video.cameraLost' }));
  }
  state().set({ preview: media });
  const whipUrl = request?.whipUrl ?? `/api/media/devices/${self.device.id}/whip`;
  publisher = new CameraPublisher(media, whipUrl, token, {
    state: (publishing, streamId) =>
      state().set({
        phase: publishing === 'live' ? 'live' : publishing === 'reconnecting' ? 'reconnecting' : 'starting',
        streamId,
      }),
    failed: (error) => stopVideo({ key: 'officerApp.video.refused', values: { message: error.message } }),
  });
  publisher.start();
  keepScreenOn();
}

export function stopVideo(notice: VideoNotice | null = null, tellServer = true): void {
  publisher?.close(tellServer);
  publisher = null;
  stopTracks();
  void wakeLock?.release().catch(() => undefined);
  wakeLock = null;
  state().set({ phase: 'idle', origin: null, request: null, streamId: null, preview: null, notice });
}

/** The server ended the stream (nobody watching any more, ended by an operator, …). */
export function streamStopped(stop: StreamStopRequest): void {
  if (!isCameraOn(state().phase) || state().streamId !== stop.streamId) return;
  stopVideo({ key: 'officerApp.video.ended', values: { reason: stop.reason } }, false);
}

export function talkbackStarted(talkback: TalkbackStarted): void {
  navigator.vibrate?.(150);
  state().set({ talkback });
}

export function talkbackEnded(talkback: TalkbackEnded): void {
  if (state().talkback?.streamId === talkback.streamId) state().set({ talkback: null });
}

/** Signed out or the connection torn down: nothing may keep filming. */
export function closeVideo(): void {
  stopVideo();
  state().reset();
}

function stopTracks(): void {
  for (const track of media?.getTracks() ?? []) track.stop();
  media = null;
}

/** A phone that dims and locks would stop the camera: keep the screen on while live. */
function keepScreenOn(): void {
  const nav = navigator as Navigator & {
    wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> };
  };
  nav.wakeLock?.request('screen').then(
    (lock) => {
      if (publisher) wakeLock = lock;
      else void lock.release();
    },
    () => undefined,
  );
}
