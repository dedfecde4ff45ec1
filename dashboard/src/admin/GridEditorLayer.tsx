// The cell being drawn or edited, above the grid: its area filled and outlined in amber, its
// corners as handles, and while editing the middles of its sides as smaller handles (drag one to
// add a corner). While drawing, a dashed line follows the pointer to where the next corner goes.
import { useEffect, useMemo } from 'react';
import { featureCollection, removeLayersAndSource, setSourceData } from '../map/sources';
import { useMap } from '../map/MapContext';
import type { LonLat } from '../map/geometry';
import { useGridEditor, type GridEditorMode } from '../store/gridEditor';
import { closedRing, midpoints, MIN_VERTICES } from './cellShape';

const SOURCE = 'grid-edit';
const FILL = 'grid-edit-fill';
const OUTLINE = 'grid-edit-outline';
const GUIDE = 'grid-edit-guide';
const MIDPOINTS = 'grid-edit-midpoints';
const VERTICES = 'grid-edit-vertices';
const AMBER = '#f0b43c';

type Geometry =
  | { type: 'Polygon'; coordinates: LonLat[][] }
  | { type: 'LineString'; coordinates: LonLat[] }
  | { type: 'Point'; coordinates: LonLat };
type Kind = 'area' | 'outline' | 'guide' | 'midpoint' | 'vertex';
interface Feature {
  type: 'Feature';
  geometry: Geometry;
  properties: { kind: Kind; closes?: boolean };
}

export function GridEditorLayer() {
  const map = useMap();
  const mode = useGridEditor((state) => state.mode);
  const vertices = useGridEditor((state) => state.vertices);
  const pointer = useGridEditor((state) => state.pointer);

  useEffect(() => {
    map.addSource(SOURCE, { type: 'geojson', data: featureCollection([]) });
    map.addLayer({
      id: FILL,
      type: 'fill',
      source: SOURCE,
      filter: ['==', ['get', 'kind'], 'area'],
      paint: { 'fill-color': AMBER, 'fill-opacity': 0.22 },
    });
    map.addLayer({
      id: OUTLINE,
      type: 'line',
      source: SOURCE,
      filter: ['==', ['get', 'kind'], 'outline'],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': AMBER, 'line-width': 2.5 },
    });
    map.addLayer({
      id: GUIDE,
      type: 'line',
      source: SOURCE,
      filter: ['==', ['get', 'kind'], 'guide'],
      paint: { 'line-color': AMBER, 'line-width': 1.5, 'line-dasharray': [2, 2] },
    });
    map.addLayer({
      id: MIDPOINTS,
      type: 'circle',
      source: SOURCE,
      filter: ['==', ['get', 'kind'], 'midpoint'],
      paint: {
        'circle-radius': 4,
        'circle-color': '#10161e',
        'circle-stroke-color': AMBER,
        'circle-stroke-width': 1.5,
      },
    });
    map.addLayer({
      id: VERTICES,
      type: 'circle',
      source: SOURCE,
      filter: ['==', ['get', 'kind'], 'vertex'],
      paint: {
        // The first corner is larger while drawing: clicking it closes the cell.
        'circle-radius': ['case', ['get', 'closes'], 8, 6],
        'circle-color': '#ffffff',
        'circle-stroke-color': AMBER,
        'circle-stroke-width': 2.5,
      },
    });
    return () => removeLayersAndSource(map, [VERTICES, MIDPOINTS, GUIDE, OUTLINE, FILL], SOURCE);
  }, [map]);

  const data = useMemo(
    () => featureCollection(editorFeatures(mode, vertices, pointer)),
    [mode, vertices, pointer],
  );

  useEffect(() => setSourceData(map, SOURCE, data), [map, data]);

  return null;
}

/** What the layers draw for the editor's state. */
function editorFeatures(mode: GridEditorMode, vertices: LonLat[], pointer: LonLat | null): Feature[] {
  if (mode === 'idle' || vertices.length === 0) return [];
  const features: Feature[] = [];
  const drawing = mode === 'drawing';
  // While drawing, the area shown is the one the cell would have if the next click closed it.
  const ring = drawing && pointer ? [...vertices, pointer] : vertices;
  if (ring.length >= MIN_VERTICES) {
    features.push(feature('area', { type: 'Polygon', coordinates: [closedRing(ring)] }));
  }
  if (drawing) {
    if (vertices.length >= 2)
      features.push(feature('outline', { type: 'LineString', coordinates: vertices }));
    const last = vertices.at(-1);
    if (pointer && last)
      features.push(feature('guide', { type: 'LineString', coordinates: [last, pointer] }));
  } else {
    features.push(feature('outline', { type: 'LineString', coordinates: closedRing(vertices) }));
    for (const point of midpoints(vertices))
      features.push(feature('midpoint', { type: 'Point', coordinates: point }));
  }
  vertices.forEach((point, index) =>
    features.push(
      feature(
        'vertex',
        { type: 'Point', coordinates: point },
        drawing && index === 0 && vertices.length >= MIN_VERTICES,
      ),
    ),
  );
  return features;
}

function feature(kind: Kind, geometry: Geometry, closes = false): Feature {
  return { type: 'Feature', geometry, properties: { kind, closes } };
}
