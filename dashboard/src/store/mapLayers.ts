// Which groups of the live map's layers are shown. Kept in localStorage: an operator who hides
// the grid on the big screen finds it hidden after a reload too.
import { create } from 'zustand';

export const MAP_LAYER_GROUPS = ['areas', 'cells', 'cameras', 'tasks', 'trackTail', 'officers'] as const;
export type MapLayerGroup = (typeof MAP_LAYER_GROUPS)[number];

/**
 * The layer ids of each group start with its source's name; a layer component that adds a
 * layer names it `<source>-…` (GridAreasLayer, GridCellsLayer, TasksLayer, …).
 */
export const LAYER_ID_PREFIXES: Record<MapLayerGroup, string> = {
  areas: 'grid-areas-',
  cells: 'grid-cells-',
  cameras: 'cameras-',
  tasks: 'tasks-',
  trackTail: 'track-tail-',
  officers: 'officers-',
};

const STORAGE_KEY = 'fcc.mapLayers';

type Visibility = Record<MapLayerGroup, boolean>;

interface MapLayersState {
  visible: Visibility;
  toggle: (group: MapLayerGroup) => void;
}

function allVisible(): Visibility {
  return Object.fromEntries(MAP_LAYER_GROUPS.map((group) => [group, true])) as Visibility;
}

function load(): Visibility {
  const visible = allVisible();
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (saved && typeof saved === 'object') {
      for (const group of MAP_LAYER_GROUPS) {
        const value = (saved as Record<string, unknown>)[group];
        if (typeof value === 'boolean') visible[group] = value;
      }
    }
  } catch {
    // A damaged entry shows everything.
  }
  return visible;
}

export const useMapLayers = create<MapLayersState>()((set, get) => ({
  visible: load(),
  toggle: (group) => {
    const visible = { ...get().visible, [group]: !get().visible[group] };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(visible));
    set({ visible });
  },
}));

/** The group a map layer belongs to, from its id; undefined for the base map's own layers. */
export function layerGroupOf(layerId: string): MapLayerGroup | undefined {
  return MAP_LAYER_GROUPS.find((group) => layerId.startsWith(LAYER_ID_PREFIXES[group]));
}
