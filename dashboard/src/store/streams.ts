// Live video streams by id, with their latest stats: the open ones loaded on connect, then every
// change (live, reconnecting, ended with its reason) and stats sample the live socket pushes.
import type { Stream, StreamStats } from '@fcc/shared';
import { create } from 'zustand';

interface StreamsState {
  items: Record<string, Stream>;
  /** Latest stats sample per stream id. */
  stats: Record<string, StreamStats>;
  /** The open streams now (on connect): ended ones already held stay, so tiles can say why. */
  loaded: (open: Stream[]) => void;
  changed: (stream: Stream) => void;
  statsUpdated: (stats: StreamStats) => void;
  reset: () => void;
}

export const useStreams = create<StreamsState>()((set) => ({
  items: {},
  stats: {},
  loaded: (open) =>
    set((state) => {
      const items: Record<string, Stream> = {};
      // An open stream we held that the server no longer lists ended while we were away; without
      // its reason it is dropped (a tile then asks the device again) rather than shown as live.
      for (const stream of Object.values(state.items))
        if (stream.state === 'ended') items[stream.id] = stream;
      for (const stream of open) items[stream.id] = stream;
      return { items };
    }),
  changed: (stream) =>
    set((state) => {
      const items = { ...state.items, [stream.id]: stream };
      if (stream.state !== 'ended') return { items };
      // Only the latest ended stream per device is worth keeping (its tile shows why it ended).
      for (const held of Object.values(items)) {
        if (held.id !== stream.id && held.deviceId === stream.deviceId && held.state === 'ended') {
          delete items[held.id];
        }
      }
      const stats = { ...state.stats };
      delete stats[stream.id];
      return { items, stats };
    }),
  statsUpdated: (stats) => set((state) => ({ stats: { ...state.stats, [stats.streamId]: stats } })),
  reset: () => set({ items: {}, stats: {} }),
}));

const rank = (stream: Stream) => (stream.state === 'ended' ? 0 : 1);

/**
 * The device's camera stream a tile shows: an open one before an ended one, then the newest.
 * Talkback streams (an operator speaking to the device) are not the device's picture.
 */
export function cameraStreamOf(items: Record<string, Stream>, deviceId: string): Stream | undefined {
  let best: Stream | undefined;
  for (const stream of Object.values(items)) {
    if (stream.deviceId !== deviceId || stream.ingest === 'talkback') continue;
    if (
      !best ||
      rank(stream) > rank(best) ||
      (rank(stream) === rank(best) && stream.startedAt > best.startedAt)
    ) {
      best = stream;
    }
  }
  return best;
}

export const selectCameraStreamOf = (deviceId: string | null) => (state: StreamsState) =>
  deviceId ? cameraStreamOf(state.items, deviceId) : undefined;
export const selectStatsOf = (streamId: string | null | undefined) => (state: StreamsState) =>
  streamId ? state.stats[streamId] : undefined;
