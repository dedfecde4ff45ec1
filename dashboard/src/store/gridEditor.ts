// The grid cell an administrator is drawing or editing on the map: its corners, its code, name
// and area, and what it was before (to tell unsaved changes and to restore them). Kept outside the
// screen so that switching tabs does not lose a drawing; MainPage resets it on sign-out.
import { create } from 'zustand';
import {
  insertVertex as insertAt,
  MIN_VERTICES,
  moveVertex as moveAt,
  removeVertex as removeAt,
  ringVertices,
} from '../admin/cellShape';
import type { LonLat } from '../map/geometry';
import type { GridCell } from './grids';

export interface CellFields {
  code: string;
  name: string;
  areaId: string;
}

/**
 * idle: nothing selected; drawing: corners being placed, the ring still open;
 * shape: a closed polygon whose corners can be dragged, a new cell (cellId null) or a stored one.
 */
export type GridEditorMode = 'idle' | 'drawing' | 'shape';

/** Undo goes back this many corner changes. */
const HISTORY_LIMIT = 100;

interface GridEditorData {
  mode: GridEditorMode;
  cellId: string | null;
  vertices: LonLat[];
  /** Inner rings of a stored cell, kept as they are. */
  holes: LonLat[][];
  fields: CellFields;
  /** The stored cell as it was when selected; null for a new one. */
  original: { vertices: LonLat[]; fields: CellFields } | null;
  /** Earlier corner lists, the latest last. */
  history: LonLat[][];
  /** Where the pointer is while drawing, for the line to the next corner. */
  pointer: LonLat | null;
  /** The server's words when saving failed; kept while the cell is being fixed, until the next save. */
  error: string | null;
}

interface GridEditorState extends GridEditorData {
  startDrawing: (fields: CellFields) => void;
  addVertex: (position: LonLat) => void;
  setPointer: (position: LonLat | null) => void;
  /** Closes the ring; false while it has fewer than three corners. */
  finishDrawing: () => boolean;
  select: (cell: GridCell) => void;
  /** Called once before a drag, so that undo restores the corners as they were before it. */
  beginChange: () => void;
  moveVertex: (index: number, position: LonLat) => void;
  /** Adds a corner on a side (see cellShape.insertVertex); returns its index. */
  insertVertex: (side: number, position: LonLat) => number;
  removeVertex: (index: number) => void;
  undo: () => void;
  setFields: (fields: Partial<CellFields>) => void;
  setError: (error: string | null) => void;
  reset: () => void;
}

const noFields: CellFields = { code: '', name: '', areaId: '' };
const idle: GridEditorData = {
  mode: 'idle',
  cellId: null,
  vertices: [],
  holes: [],
  fields: noFields,
  original: null,
  history: [],
  pointer: null,
  error: null,
};

export const useGridEditor = create<GridEditorState>()((set, get) => {
  /** Replaces the corners, remembering the current ones for undo. */
  const change = (vertices: LonLat[]) =>
    set((state) => ({
      vertices,
      history: [...state.history, state.vertices].slice(-HISTORY_LIMIT),
    }));

  return {
    ...idle,
    startDrawing: (fields) => set({ ...idle, mode: 'drawing', fields }),
    addVertex: (position) => {
      if (get().mode === 'drawing') change([...get().vertices, position]);
    },
    setPointer: (pointer) => set({ pointer }),
    finishDrawing: () => {
      const state = get();
      if (state.mode !== 'drawing') return false;
      const vertices = ringVertices(state.vertices);
      if (vertices.length < MIN_VERTICES) return false;
      set({ mode: 'shape', vertices, pointer: null });
      return true;
    },
    select: (cell) => {
      const [outer = [], ...inner] = cell.geometry.coordinates;
      const vertices = ringVertices(outer);
      const { code, name, areaId } = cell.properties;
      const fields = { code, name, areaId };
      set({
        ...idle,
        mode: 'shape',
        cellId: cell.properties.id,
        vertices,
        holes: inner.map((ring) => ring.map(([lon = 0, lat = 0]) => [lon, lat] as LonLat)),
        fields,
        original: { vertices, fields },
      });
    },
    beginChange: () =>
      set((state) => ({ history: [...state.history, state.vertices].slice(-HISTORY_LIMIT) })),
    moveVertex: (index, position) => set({ vertices: moveAt(get().vertices, index, position) }),
    insertVertex: (side, position) => {
      change(insertAt(get().vertices, side, position));
      return side + 1;
    },
    removeVertex: (index) => {
      const vertices = get().vertices;
      if (vertices.length > MIN_VERTICES) change(removeAt(vertices, index));
    },
    undo: () => {
      const { history, mode } = get();
      const previous = history.at(-1);
      if (!previous) return;
      // A closed shape keeps at least a triangle; the drawing may go back to nothing.
      if (mode === 'shape' && previous.length < MIN_VERTICES) return;
      set({ vertices: previous, history: history.slice(0, -1) });
    },
    setFields: (fields) => set((state) => ({ fields: { ...state.fields, ...fields } })),
    setError: (error) => set({ error }),
    reset: () => set(idle),
  };
});

/** Whether leaving now would lose work: corners placed, a new shape, or a stored cell changed. */
export function hasUnsavedChanges(state: Pick<GridEditorData, 'mode' | 'vertices' | 'fields' | 'original'>) {
  if (state.mode === 'idle') return false;
  if (state.mode === 'drawing') return state.vertices.length > 0;
  if (!state.original) return true;
  const { vertices, fields } = state.original;
  return (
    JSON.stringify(vertices) !== JSON.stringify(state.vertices) ||
    fields.code !== state.fields.code ||
    fields.name !== state.fields.name ||
    fields.areaId !== state.fields.areaId
  );
}
