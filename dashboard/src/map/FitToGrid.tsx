// Frames the whole grid the first time it is known, then leaves the camera to the operator.
import { useEffect, useRef } from 'react';
import { selectAreas, selectCells, useGrids } from '../store/grids';
import { boundsOf } from './geometry';
import { useMap } from './MapContext';

export function FitToGrid() {
  const map = useMap();
  const areas = useGrids(selectAreas);
  const cells = useGrids(selectCells);
  const fitted = useRef(false);

  useEffect(() => {
    if (fitted.current) return;
    const bounds = boundsOf(
      [...Object.values(areas), ...Object.values(cells)].map((feature) => feature.geometry),
    );
    if (!bounds) return;
    map.fitBounds(bounds, { padding: 48, animate: false });
    fitted.current = true;
  }, [map, areas, cells]);

  return null;
}
