// Fixed cameras by device id: where each stands and looks, and where its RTSP pull stands.
// Loaded on connect, then kept current by `camera:changed` / `camera:removed` on `/live`.
import type { FixedCamera } from '@fcc/shared';
import { create } from 'zustand';

interface CamerasState {
  items: Record<string, FixedCamera>;
  loaded: (cameras: FixedCamera[]) => void;
  changed: (camera: FixedCamera) => void;
  removed: (deviceId: string) => void;
  reset: () => void;
}

export const useCameras = create<CamerasState>()((set) => ({
  items: {},
  loaded: (cameras) => set({ items: Object.fromEntries(cameras.map((camera) => [camera.deviceId, camera])) }),
  changed: (camera) => set((state) => ({ items: { ...state.items, [camera.deviceId]: camera } })),
  removed: (deviceId) =>
    set((state) => {
      if (!(deviceId in state.items)) return state;
      const items = { ...state.items };
      delete items[deviceId];
      return { items };
    }),
  reset: () => set({ items: {} }),
}));

export const selectCamera = (deviceId: string | null) => (state: CamerasState) =>
  deviceId ? state.items[deviceId] : undefined;
