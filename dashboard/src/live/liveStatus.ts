// Whether the live feed is connected, so the operator knows the map may be stale.
import { create } from 'zustand';

interface LiveStatusState {
  connected: boolean;
  /** What could not be loaded, if anything. */
  loadError: string | null;
  set: (patch: Partial<Pick<LiveStatusState, 'connected' | 'loadError'>>) => void;
}

export const useLiveStatus = create<LiveStatusState>()((set) => ({
  connected: false,
  loadError: null,
  set: (patch) => set(patch),
}));
