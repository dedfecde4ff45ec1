// Grid cells (网格): thin outlines. Reports how many cells are drawn once the
// map has finished rendering them, so tests and the shell know the grid is up.
import { useEffect, useMemo } from 'react';
import { selectCells, selectGridsStatus, useGrids } from '../store/grids';
import { useMap } from './MapContext';
import { featureCollection, removeLayersAndSource, setSourceData } from './sources';

const SOURCE = 'grid-cells';
const OUTLINE = 'grid-cells-outline';

interface GridCellsLayerProps {
  onRendered?: (count: number) => void;
}

export function GridCellsLayer({ onRendered }: GridCellsLayerProps) {
  const map = useMap();
  const cells = useGrids(selectCells);
  const status = useGrids(selectGridsStatus);

  useEffect(() => {
    map.addSource(SOURCE, { type: 'geojson', data: featureCollection([]) });
    map.addLayer({
      id: OUTLINE,
      type: 'line',
      source: SOURCE,
      paint: { 'line-color': '#dce3ea', 'line-width': 1, 'line-opacity': 0.55 },
    });
    return () => removeLayersAndSource(map, [OUTLINE], SOURCE);
  }, [map]);

  const data = useMemo(() => featureCollection(Object.values(cells)), [cells]);

  useEffect(() => {
    setSourceData(map, SOURCE, data);
    if (status !== 'loaded' || !onRendered) return;
    // setData is processed by a worker; 'idle' comes after it is parsed and drawn.
    const report = () => onRendered(data.features.length);
    map.once('idle', report);
    return () => {
      map.off('idle', report);
    };
  }, [map, data, status, onRendered]);

  return null;
}
