// The colour of each grid area by id, shared by the map and the side panel's legend.
import { useMemo } from 'react';
import { selectAreas, useGrids } from '../store/grids';
import { assignAreaColours } from './areaColours';

export function useAreaColours(): Record<string, string> {
  const areas = useGrids(selectAreas);
  return useMemo(() => assignAreaColours(Object.values(areas)), [areas]);
}
