// The video wall on this screen: open or not, its layout, what each tile shows, which tile is
// enlarged. Kept in localStorage: the wall is the command room's big screen, and a reload (or
// the next operator's sign-in) must find it as it was.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import {
  assign,
  clearTile,
  emptyTiles,
  place,
  restoreArrangement,
  type TileSource,
  type Tiles,
  type WallLayout,
} from '../wall/wallLayout';

/** SOS alerts whose officer the wall has already put up: enough to cover a shift's worth. */
const SOS_MEMORY = 50;

interface WallState {
  open: boolean;
  /** The wall takes the map's place too (the map is hidden, not closed). */
  maximised: boolean;
  layout: WallLayout;
  tiles: Tiles;
  /** The tile shown over the whole wall (double-click), or null. */
  enlarged: number | null;
  /** SOS alert ids already put on the wall, so closing that tile is not undone by the next event. */
  sosShown: string[];
  setOpen: (open: boolean) => void;
  setMaximised: (maximised: boolean) => void;
  setLayout: (layout: WallLayout) => void;
  drop: (index: number, source: TileSource) => void;
  clear: (index: number) => void;
  /** Shows a source in its tile, the first free one or a new one, and opens the wall. */
  show: (source: TileSource, keep?: ReadonlySet<string>) => number;
  toggleEnlarged: (index: number) => void;
  markSosShown: (alertId: string) => void;
}

export const useWall = create<WallState>()(
  persist(
    (set, get) => ({
      open: false,
      maximised: false,
      layout: 4,
      tiles: emptyTiles(),
      enlarged: null,
      sosShown: [],
      setOpen: (open) => set({ open }),
      setMaximised: (maximised) => set({ maximised }),
      setLayout: (layout) =>
        set((state) => ({
          layout,
          enlarged: state.enlarged !== null && state.enlarged < layout ? state.enlarged : null,
        })),
      drop: (index, source) => set((state) => ({ tiles: assign(state.tiles, index, source) })),
      clear: (index) =>
        set((state) => ({
          tiles: clearTile(state.tiles, index),
          enlarged: state.enlarged === index ? null : state.enlarged,
        })),
      show: (source, keep) => {
        const { layout, tiles, index } = place(get(), source, keep);
        set({ layout, tiles, open: true });
        return index;
      },
      toggleEnlarged: (index) => set((state) => ({ enlarged: state.enlarged === index ? null : index })),
      markSosShown: (alertId) =>
        set((state) => ({
          sosShown: [...state.sosShown.filter((id) => id !== alertId), alertId].slice(-SOS_MEMORY),
        })),
    }),
    {
      name: 'fcc.wall',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ open, maximised, layout, tiles, enlarged, sosShown }) => ({
        open,
        maximised,
        layout,
        tiles,
        enlarged,
        sosShown,
      }),
      // Whatever is in storage (an older version, a hand edit) is checked, never trusted.
      merge: (persisted, current) => {
        const saved = (typeof persisted === 'object' && persisted !== null ? persisted : {}) as Record<
          string,
          unknown
        >;
        const { layout, tiles } = restoreArrangement(saved);
        const enlarged =
          typeof saved.enlarged === 'number' && saved.enlarged < layout ? saved.enlarged : null;
        return {
          ...current,
          open: saved.open === true,
          maximised: saved.maximised === true,
          layout,
          tiles,
          enlarged,
          sosShown: Array.isArray(saved.sosShown)
            ? saved.sosShown.filter((id): id is string => typeof id === 'string').slice(-SOS_MEMORY)
            : [],
        };
      },
    },
  ),
);
