// Grid areas (片区) and grid cells (网格), normalized by id, and how loading them went.
import type { GridAreaCollection, GridCellFeature } from '@fcc/shared';
import { create } from 'zustand';

export type GridArea = GridAreaCollection['features'][number];
export type GridCell = GridCellFeature;
export type GridsStatus = 'idle' | 'loading' | 'loaded' | 'failed';

interface GridsState {
  areas: Record<string, GridArea>;
  cells: Record<string, GridCell>;
  status: GridsStatus;
  /** Why loading failed, as thrown (an ApiError as a rule); shown through useErrorText. */
  error: unknown;
  loading: () => void;
  loaded: (areas: GridArea[], cells: GridCell[]) => void;
  failed: (error: unknown) => void;
  reset: () => void;
}

const empty = { areas: {}, cells: {}, status: 'idle', error: null } as const;

export const useGrids = create<GridsState>()((set) => ({
  ...empty,
  loading: () => set({ status: 'loading', error: null }),
  loaded: (areas, cells) => set({ areas: byId(areas), cells: byId(cells), status: 'loaded', error: null }),
  failed: (error) => set({ status: 'failed', error }),
  reset: () => set(empty),
}));

function byId<T extends { properties: { id: string } }>(features: T[]): Record<string, T> {
  return Object.fromEntries(features.map((feature) => [feature.properties.id, feature]));
}

export const selectAreas = (state: GridsState) => state.areas;
export const selectCells = (state: GridsState) => state.cells;
export const selectGridsStatus = (state: GridsState) => state.status;
export const selectGridsError = (state: GridsState) => state.error;
