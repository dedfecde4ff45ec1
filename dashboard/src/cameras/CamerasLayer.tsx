// Fixed cameras on the map: an icon where each stands, coloured by its pull (live, trying,
// grey when idle or unreachable), and a translucent wedge showing where it looks. A click on
// the icon opens the camera's card.
import type { FixedCamera } from '@fcc/shared';
import type { Map, MapLayerMouseEvent } from 'maplibre-gl';
import { useEffect, useMemo } from 'react';
import { CAMERA_IMAGE_PREFIX } from '../map/generatedImages';
import { useMap } from '../map/MapContext';
import { featureCollection, removeLayersAndSource, setSourceData } from '../map/sources';
import { useCameras } from '../store/cameras';
import { useUi } from '../store/ui';
import { CAMERA_STATUS_COLOURS, cameraStatusOf } from './cameraStatus';
import { cameraWedge } from './cameraWedge';

const SOURCE = 'cameras';
const WEDGES_FILL = 'cameras-wedges-fill';
const WEDGES_LINE = 'cameras-wedges-line';
const SELECTED = 'cameras-selected';
/** Clicked to open a camera's card; MapClicks leaves clicks on it alone. */
export const CAMERA_ICONS_LAYER = 'cameras-icons';
const LAYERS = [WEDGES_FILL, WEDGES_LINE, SELECTED, CAMERA_ICONS_LAYER];

export function CamerasLayer() {
  const map = useMap();
  const cameras = useCameras((state) => state.items);
  const selectedId = useUi((state) => state.selectedCameraId);

  useEffect(() => {
    map.addSource(SOURCE, { type: 'geojson', data: featureCollection([]) });
    addLayers(map);
    const onClick = (event: MapLayerMouseEvent) => {
      const id = event.features?.[0]?.properties.id as string | undefined;
      if (!id || useUi.getState().picking) return;
      event.preventDefault();
      useUi.getState().selectCamera(id);
    };
    const pointer = () => (map.getCanvas().style.cursor = useUi.getState().picking ? 'crosshair' : 'pointer');
    const noPointer = () => (map.getCanvas().style.cursor = useUi.getState().picking ? 'crosshair' : '');
    map.on('click', CAMERA_ICONS_LAYER, onClick);
    map.on('mouseenter', CAMERA_ICONS_LAYER, pointer);
    map.on('mouseleave', CAMERA_ICONS_LAYER, noPointer);
    return () => {
      map.off('click', CAMERA_ICONS_LAYER, onClick);
      map.off('mouseenter', CAMERA_ICONS_LAYER, pointer);
      map.off('mouseleave', CAMERA_ICONS_LAYER, noPointer);
      removeLayersAndSource(map, LAYERS, SOURCE);
    };
  }, [map]);

  const data = useMemo(() => featureCollection(Object.values(cameras).flatMap(cameraFeatures)), [cameras]);
  useEffect(() => {
    setSourceData(map, SOURCE, data);
    // For browser tests and a quick look in the inspector: how many cameras are drawn.
    map.getContainer().dataset.camerasOnMap = String(Object.keys(cameras).length);
  }, [map, data, cameras]);
  useEffect(() => {
    if (map.getLayer(SELECTED)) map.setFilter(SELECTED, selectedFilter(selectedId ?? ''));
  }, [map, selectedId]);

  return null;
}

/** The camera's point and, when its direction is known, its wedge. */
function cameraFeatures(camera: FixedCamera) {
  const status = cameraStatusOf(camera);
  const colour = CAMERA_STATUS_COLOURS[status];
  const properties = { id: camera.deviceId, status, colour };
  const { lon, lat } = camera.location;
  const point = {
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [lon, lat] },
    properties: {
      ...properties,
      icon: `${CAMERA_IMAGE_PREFIX}${colour}${status === 'unreachable' ? ':off' : ''}`,
      // The drawn lens faces east (90°): turned by the bearing less that, it faces where the camera looks.
      iconRotation: camera.bearing === null ? 0 : camera.bearing - 90,
    },
  };
  if (camera.bearing === null) return [point];
  const ring = cameraWedge({
    lon,
    lat,
    bearing: camera.bearing,
    fov: camera.fov,
    rangeMetres: camera.rangeMetres,
  });
  return [
    { type: 'Feature' as const, geometry: { type: 'Polygon' as const, coordinates: [ring] }, properties },
    point,
  ];
}

/** The ring goes round the camera's point only (a circle layer would ring its wedge's corners too). */
const selectedFilter = (id: string): NonNullable<Parameters<Map['setFilter']>[1]> => [
  'all',
  ['==', ['geometry-type'], 'Point'],
  ['==', ['get', 'id'], id],
];

function addLayers(map: Map): void {
  map.addLayer({
    id: WEDGES_FILL,
    type: 'fill',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: {
      'fill-color': ['get', 'colour'],
      'fill-opacity': ['case', ['==', ['get', 'status'], 'live'], 0.3, 0.16],
    },
  });
  map.addLayer({
    id: WEDGES_LINE,
    type: 'line',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: {
      'line-color': ['get', 'colour'],
      'line-width': 1.2,
      'line-opacity': 0.8,
    },
  });
  map.addLayer({
    id: SELECTED,
    type: 'circle',
    source: SOURCE,
    filter: selectedFilter(''),
    paint: {
      'circle-radius': 17,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': '#f1f5f8',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: CAMERA_ICONS_LAYER,
    type: 'symbol',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    layout: {
      'icon-image': ['get', 'icon'],
      'icon-rotate': ['get', 'iconRotation'],
      'icon-rotation-alignment': 'map',
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  });
}
