// Officers on the map: dots coloured by status with a heading arrow and, close in, a name tag;
// clusters further out (red when one of them holds an SOS). The stores are read outside React
// and every change, however many arrive, becomes at most one setData per animation frame.
import type { GeoJSONSource, Map, MapLayerMouseEvent } from 'maplibre-gl';
import { useEffect } from 'react';
import { createFrameScheduler } from '../map/frameScheduler';
import { COUNT_IMAGE_PREFIX, installGeneratedImages, TAG_IMAGE_PREFIX } from '../map/generatedImages';
import { useMap } from '../map/MapContext';
import { featureCollection, removeLayersAndSource, setSourceData } from '../map/sources';
import { useAlerts } from '../store/alerts';
import { useOfficers } from '../store/officers';
import { usePositions } from '../store/positions';
import { useTasks } from '../store/tasks';
import { useUi } from '../store/ui';
import { countByStatus, headingArrows, officerFeatures, type OfficerFeature } from './officerFeatures';
import { currentTasks, sosOfficers, type MapStatus, type StatusContext } from './officerStatus';
import { STATUS_COLOURS } from './statusColours';

export const OFFICERS_SOURCE = 'officers';
/** Unclustered, only filled where every officer is drawn on their own. */
const HEADINGS_SOURCE = 'officers-headings';
export const FLUSH_MEASURE = 'officers-flush';
const CLUSTERS = 'officers-clusters';
const CLUSTER_COUNTS = 'officers-cluster-counts';
const SELECTED = 'officers-selected';
const SOS_RING = 'officers-sos-ring';
const DOTS = 'officers-dots';
const ARROWS = 'officers-arrows';
const TAGS = 'officers-tags';
const LAYERS = [CLUSTERS, CLUSTER_COUNTS, SELECTED, SOS_RING, ARROWS, DOTS, TAGS];
/** Beyond this zoom every officer is drawn on their own. */
const CLUSTER_MAX_ZOOM = 13;
/** Heading arrows from here: clustered officers have none. */
const ARROWS_MIN_ZOOM = CLUSTER_MAX_ZOOM + 1;
/**
 * Tiles hold points and small arrows only: a wide buffer (MapLibre's default is 128 of 512) copies
 * every officer near a tile edge into its neighbours for nothing.
 */
const POINT_BUFFER = 32;
/** Name tags only where they do not cover each other. */
const TAGS_MIN_ZOOM = 15;
/** Whether someone has gone silent depends on time passing, not only on events. */
const AGEING_CHECK_MS = 15_000;

const statusColour = [
  'match',
  ['get', 'status'],
  ...Object.entries(STATUS_COLOURS).flat(),
  STATUS_COLOURS.available,
] as unknown as string;

export interface OfficersLayerProps {
  /** Called after each flush with how many officers are in each status. */
  onCounts?: (counts: Record<MapStatus, number>, total: number) => void;
}

export function OfficersLayer({ onCounts }: OfficersLayerProps) {
  const map = useMap();

  useEffect(() => {
    const uninstallImages = installGeneratedImages(map);
    map.addSource(OFFICERS_SOURCE, {
      type: 'geojson',
      data: featureCollection([]),
      cluster: true,
      clusterMaxZoom: CLUSTER_MAX_ZOOM,
      clusterRadius: 42,
      clusterProperties: { sos: ['+', ['case', ['==', ['get', 'status'], 'sos'], 1, 0]] },
      buffer: POINT_BUFFER,
    });
    map.addSource(HEADINGS_SOURCE, { type: 'geojson', data: featureCollection([]), buffer: POINT_BUFFER });
    addLayers(map);
    const removeHandlers = addHandlers(map);
    return () => {
      removeHandlers();
      uninstallImages();
      removeLayersAndSource(map, LAYERS, OFFICERS_SOURCE);
      if (map.getSource(HEADINGS_SOURCE)) map.removeSource(HEADINGS_SOURCE);
    };
  }, [map]);

  // The selection ring follows the selected officer.
  useEffect(() => {
    const apply = (id: string | null) => {
      if (map.getLayer(SELECTED)) map.setFilter(SELECTED, ['==', ['get', 'id'], id ?? '']);
    };
    apply(useUi.getState().selectedOfficerId);
    return useUi.subscribe((state, previous) => {
      if (state.selectedOfficerId !== previous.selectedOfficerId) apply(state.selectedOfficerId);
    });
  }, [map]);

  useEffect(() => {
    let contextInputs: unknown[] = [];
    let context: StatusContext | null = null;
    let sosPulse: number | null = null;
    /** The zoom level the arrows on the map were sized for, null when there are none. */
    let arrowsZoom: number | null = null;
    const container = map.getContainer();

    const flush = () => {
      const started = performance.now();
      const positions = usePositions.getState().items;
      const officers = useOfficers.getState().items;
      const tasks = useTasks.getState().items;
      const alerts = useAlerts.getState().items;
      // Who is busy or in an SOS changes with tasks and alerts only: not rebuilt per position batch.
      if (!context || contextInputs[0] !== tasks || contextInputs[1] !== alerts) {
        context = {
          sos: sosOfficers(Object.values(alerts), tasks),
          currentTask: currentTasks(Object.values(tasks)),
          now: 0,
        };
        contextInputs = [tasks, alerts];
      }
      const features = officerFeatures(positions, officers, { ...context, now: Date.now() });
      setSourceData(map, OFFICERS_SOURCE, featureCollection(features));
      // Arrows are drawn at the size of the whole zoom level they were made for; below it none.
      const arrowZoom = Math.floor(map.getZoom());
      if (arrowZoom >= ARROWS_MIN_ZOOM || arrowsZoom !== null) {
        setSourceData(
          map,
          HEADINGS_SOURCE,
          featureCollection(arrowZoom >= ARROWS_MIN_ZOOM ? headingArrows(features, arrowZoom) : []),
        );
        arrowsZoom = arrowZoom >= ARROWS_MIN_ZOOM ? arrowZoom : null;
      }
      container.dataset.officersOnMap = String(features.length);
      // Visible in the browser's performance panel, and read by `npm run bench -- dashboard-map`.
      performance.measure(FLUSH_MEASURE, { start: started });
      const counts = countByStatus(features);
      pulseWhileSos(counts.sos > 0);
      onCounts?.(counts, features.length);
    };

    // A slow pulse on SOS rings: visible from across the room, and only while there is one.
    const pulseWhileSos = (active: boolean) => {
      if (active && sosPulse === null) {
        let bright = true;
        sosPulse = window.setInterval(() => {
          bright = !bright;
          if (map.getLayer(SOS_RING))
            map.setPaintProperty(SOS_RING, 'circle-stroke-opacity', bright ? 0.95 : 0.2);
        }, 600);
      } else if (!active && sosPulse !== null) {
        window.clearInterval(sosPulse);
        sosPulse = null;
      }
    };

    const scheduler = createFrameScheduler(flush);
    const unsubscribers = [
      usePositions.subscribe(scheduler.request),
      useOfficers.subscribe(scheduler.request),
      useTasks.subscribe(scheduler.request),
      useAlerts.subscribe(scheduler.request),
    ];
    const ageing = window.setInterval(scheduler.request, AGEING_CHECK_MS);
    const resizeArrows = () => {
      const zoom = Math.floor(map.getZoom());
      if (zoom !== arrowsZoom && (zoom >= ARROWS_MIN_ZOOM || arrowsZoom !== null)) scheduler.request();
    };
    map.on('zoomend', resizeArrows);
    scheduler.request();
    return () => {
      scheduler.cancel();
      for (const unsubscribe of unsubscribers) unsubscribe();
      window.clearInterval(ageing);
      map.off('zoomend', resizeArrows);
      pulseWhileSos(false);
    };
  }, [map, onCounts]);

  return null;
}

function addLayers(map: Map): void {
  map.addLayer({
    id: CLUSTERS,
    type: 'circle',
    source: OFFICERS_SOURCE,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': ['case', ['>', ['get', 'sos'], 0], STATUS_COLOURS.sos, '#7fa7c9'],
      'circle-radius': ['step', ['get', 'point_count'], 13, 10, 16, 50, 20, 200, 25],
      'circle-opacity': 0.85,
      'circle-stroke-color': '#0c1117',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: CLUSTER_COUNTS,
    type: 'symbol',
    source: OFFICERS_SOURCE,
    filter: ['has', 'point_count'],
    layout: {
      'icon-image': ['concat', COUNT_IMAGE_PREFIX, ['get', 'point_count_abbreviated']],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  });
  map.addLayer({
    id: SELECTED,
    type: 'circle',
    source: OFFICERS_SOURCE,
    filter: ['==', ['get', 'id'], ''],
    paint: {
      'circle-radius': 15,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': '#f1f5f8',
      'circle-stroke-width': 2.5,
    },
  });
  map.addLayer({
    id: SOS_RING,
    type: 'circle',
    source: OFFICERS_SOURCE,
    filter: ['all', ['!', ['has', 'point_count']], ['==', ['get', 'status'], 'sos']],
    paint: {
      'circle-radius': 20,
      'circle-color': 'rgba(255,59,48,0.18)',
      'circle-stroke-color': STATUS_COLOURS.sos,
      'circle-stroke-width': 3,
      'circle-stroke-opacity': 0.95,
    },
  });
  map.addLayer({
    id: ARROWS,
    type: 'fill',
    source: HEADINGS_SOURCE,
    minzoom: ARROWS_MIN_ZOOM,
    paint: { 'fill-color': '#e8eef3', 'fill-outline-color': '#0c1117' },
  });
  map.addLayer({
    id: DOTS,
    type: 'circle',
    source: OFFICERS_SOURCE,
    filter: ['!', ['has', 'point_count']],
    layout: { 'circle-sort-key': ['-', 10, ['get', 'rank']] },
    paint: {
      'circle-color': statusColour,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 5, 16, 8],
      'circle-stroke-color': '#0c1117',
      'circle-stroke-width': 1.5,
    },
  });
  map.addLayer({
    id: TAGS,
    type: 'symbol',
    source: OFFICERS_SOURCE,
    minzoom: TAGS_MIN_ZOOM,
    filter: ['!', ['has', 'point_count']],
    layout: {
      'icon-image': ['concat', TAG_IMAGE_PREFIX, ['get', 'label']],
      'icon-anchor': 'left',
      'icon-offset': [12, 0],
      'symbol-sort-key': ['get', 'rank'],
    },
  });
}

function addHandlers(map: Map): () => void {
  const onOfficerClick = (event: MapLayerMouseEvent) => {
    const id = event.features?.[0]?.properties.id as string | undefined;
    if (!id || useUi.getState().picking) return;
    event.preventDefault(); // the map's own click (deselect, pick) must not also fire
    useUi.getState().selectOfficer(id);
  };
  const onClusterClick = (event: MapLayerMouseEvent) => {
    const feature = event.features?.[0] as OfficerFeature | undefined;
    const clusterId =
      feature?.properties && (feature.properties as unknown as { cluster_id: number }).cluster_id;
    if (clusterId === undefined || !feature) return;
    event.preventDefault();
    void map
      .getSource<GeoJSONSource>(OFFICERS_SOURCE)
      ?.getClusterExpansionZoom(clusterId)
      .then((zoom) => map.easeTo({ center: feature.geometry.coordinates, zoom: zoom + 0.5 }));
  };
  const pointer = () => (map.getCanvas().style.cursor = useUi.getState().picking ? 'crosshair' : 'pointer');
  const noPointer = () => (map.getCanvas().style.cursor = useUi.getState().picking ? 'crosshair' : '');
  map.on('click', DOTS, onOfficerClick);
  map.on('click', CLUSTERS, onClusterClick);
  for (const layer of [DOTS, CLUSTERS]) {
    map.on('mouseenter', layer, pointer);
    map.on('mouseleave', layer, noPointer);
  }
  return () => {
    map.off('click', DOTS, onOfficerClick);
    map.off('click', CLUSTERS, onClusterClick);
    for (const layer of [DOTS, CLUSTERS]) {
      map.off('mouseenter', layer, pointer);
      map.off('mouseleave', layer, noPointer);
    }
  };
}
