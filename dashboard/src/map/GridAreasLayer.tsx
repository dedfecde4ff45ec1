// Grid areas (片区): a faint fill in each area's colour and a clear outline.
import type { ExpressionSpecification } from 'maplibre-gl';
import { useEffect, useMemo } from 'react';
import { selectAreas, useGrids } from '../store/grids';
import { useMap } from './MapContext';
import { featureCollection, removeLayersAndSource, setSourceData } from './sources';
import { useAreaColours } from './useAreaColours';

const SOURCE = 'grid-areas';
const FILL = 'grid-areas-fill';
const OUTLINE = 'grid-areas-outline';
const COLOUR: ExpressionSpecification = ['coalesce', ['get', 'colour'], '#8fa7bf'];

export function GridAreasLayer() {
  const map = useMap();
  const areas = useGrids(selectAreas);
  const colours = useAreaColours();

  useEffect(() => {
    map.addSource(SOURCE, { type: 'geojson', data: featureCollection([]) });
    map.addLayer({
      id: FILL,
      type: 'fill',
      source: SOURCE,
      paint: { 'fill-color': COLOUR, 'fill-opacity': 0.16 },
    });
    map.addLayer({
      id: OUTLINE,
      type: 'line',
      source: SOURCE,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': COLOUR, 'line-width': 2.5, 'line-opacity': 0.9 },
    });
    return () => removeLayersAndSource(map, [OUTLINE, FILL], SOURCE);
  }, [map]);

  const data = useMemo(
    () =>
      featureCollection(
        Object.values(areas).map((area) => ({
          ...area,
          properties: { ...area.properties, colour: colours[area.properties.id] },
        })),
      ),
    [areas, colours],
  );

  useEffect(() => setSourceData(map, SOURCE, data), [map, data]);

  return null;
}
