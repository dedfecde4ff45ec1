// What the GPS indicator shows: whether the phone has a position, whether the server can be
// reached, and how many fixes wait on the phone.
import type { Fix } from '@fcc/shared';
import { create } from 'zustand';

/** off: not started; waiting: asked, no fix yet; sharing: fixes coming; denied: location refused. */
export type GpsState = 'off' | 'waiting' | 'sharing' | 'denied' | 'unavailable';

interface GpsStatusState {
  gps: GpsState;
  lastFix: Fix | null;
  /** The server answers (socket connected, or the last HTTP batch went through). */
  online: boolean;
  /** Fixes on the phone not yet acknowledged by the server. */
  buffered: number;
  set: (patch: Partial<Pick<GpsStatusState, 'gps' | 'lastFix' | 'online' | 'buffered'>>) => void;
  reset: () => void;
}

const initial = { gps: 'off' as GpsState, lastFix: null, online: false, buffered: 0 };

export const useGpsStatus = create<GpsStatusState>()((set) => ({
  ...initial,
  set: (patch) => set(patch),
  reset: () => set(initial),
}));

export type Indicator = 'sharing' | 'waiting' | 'offline' | 'denied' | 'unavailable';

/** The one thing the indicator says; losing the network matters more than a late fix. */
export function indicatorOf({ gps, online }: Pick<GpsStatusState, 'gps' | 'online'>): Indicator {
  if (gps === 'denied') return 'denied';
  if (gps === 'unavailable') return 'unavailable';
  if (!online) return 'offline';
  return gps === 'sharing' ? 'sharing' : 'waiting';
}
