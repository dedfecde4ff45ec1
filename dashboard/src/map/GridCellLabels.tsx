// Grid cell codes as HTML markers: the local style has no glyphs, so MapLibre
// cannot draw text itself, and ~27 small elements cost nothing.
import { Marker } from 'maplibre-gl';
import { useEffect } from 'react';
import { selectCells, useGrids } from '../store/grids';
import { labelPoint } from './geometry';
import { useMap } from './MapContext';

export function GridCellLabels() {
  const map = useMap();
  const cells = useGrids(selectCells);

  useEffect(() => {
    const markers: Marker[] = [];
    for (const cell of Object.values(cells)) {
      const point = labelPoint(cell.geometry.coordinates);
      if (!point) continue;
      const element = document.createElement('div');
      element.className = 'grid-cell-label';
      // The area shows by colour; the cell's own number is what people say ("3号网格").
      element.textContent = cellNumber(cell.properties.code);
      element.title = `${cell.properties.code} ${cell.properties.name}`;
      markers.push(new Marker({ element, anchor: 'center' }).setLngLat(point).addTo(map));
    }
    return () => {
      for (const marker of markers) marker.remove();
    };
  }, [map, cells]);

  return null;
}

/** "150102001-003" → "003"; a code without the area prefix is shown whole. */
export function cellNumber(code: string): string {
  const dash = code.lastIndexOf('-');
  return dash === -1 ? code : code.slice(dash + 1);
}
