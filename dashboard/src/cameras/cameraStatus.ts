// What the map and the card say about a fixed camera: its pull in one word and one colour, and
// which way it looks in words.
import type { FixedCamera } from '@fcc/shared';

/**
 * live: the server pulls it now; connecting/retrying: it is trying; unreachable: the last
 * attempt failed (the reason says why); idle: nobody watches, nothing wrong known.
 */
export type CameraStatus = 'live' | 'connecting' | 'retrying' | 'unreachable' | 'idle';

export function cameraStatusOf(camera: Pick<FixedCamera, 'pull'>): CameraStatus {
  switch (camera.pull.state) {
    case 'pulling':
      return 'live';
    case 'connecting':
      return 'connecting';
    case 'retrying':
      return 'retrying';
    case 'idle':
      return camera.pull.reason ? 'unreachable' : 'idle';
  }
}

/** The wall's colours: green for live, amber while trying, grey otherwise (red is for SOS only). */
export const CAMERA_STATUS_COLOURS: Record<CameraStatus, string> = {
  live: '#6cc59b',
  connecting: '#e0a94f',
  retrying: '#e0a94f',
  unreachable: '#8a96a3',
  idle: '#8a96a3',
};

const COMPASS = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const;
export type CompassPoint = (typeof COMPASS)[number];

/** The nearest of the eight compass points to a bearing (degrees clockwise from north). */
export function compassPoint(bearing: number): CompassPoint {
  const degrees = ((bearing % 360) + 360) % 360;
  return COMPASS[Math.round(degrees / 45) % COMPASS.length]!;
}
