// The replayed track on the map: the line, a dot per fix (click one to seek there), task places,
// and the marker where the officer was at the player's time. Renders nothing itself.
import type { Replay } from '@fcc/shared';
import { LngLatBounds, type MapLayerMouseEvent } from 'maplibre-gl';
import { useEffect } from 'react';
import { useMap } from '../map/MapContext';
import { featureCollection, removeLayersAndSource, setSourceData } from '../map/sources';
import type { TrackPosition } from './replayClock';

const TRACK = 'replay-track';
const MARKER = 'replay-marker';
const LINE = 'replay-track-line';
const FIXES = 'replay-track-fixes';
const TASKS = 'replay-task-places';
export const MARKER_LAYER = 'replay-marker-dot';

interface ReplayTrackLayerProps {
  replay: Replay;
  position: TrackPosition | null;
  onSeek: (timeMs: number) => void;
}

export function ReplayTrackLayer({ replay, position, onSeek }: ReplayTrackLayerProps) {
  const map = useMap();

  useEffect(() => {
    map.addSource(TRACK, { type: 'geojson', data: featureCollection([]) });
    map.addSource(MARKER, { type: 'geojson', data: featureCollection([]) });
    map.addLayer({
      id: LINE,
      type: 'line',
      source: TRACK,
      filter: ['==', ['geometry-type'], 'LineString'],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#f0c05a', 'line-width': 4, 'line-opacity': 0.9 },
    });
    map.addLayer({
      id: FIXES,
      type: 'circle',
      source: TRACK,
      filter: ['==', ['get', 'kind'], 'fix'],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 1.5, 18, 5],
        'circle-color': '#fff7e0',
        'circle-stroke-color': '#b98a1e',
        'circle-stroke-width': 1,
      },
    });
    map.addLayer({
      id: TASKS,
      type: 'circle',
      source: TRACK,
      filter: ['==', ['get', 'kind'], 'task'],
      paint: {
        'circle-radius': 7,
        'circle-color': '#4a7fd4',
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: MARKER_LAYER,
      type: 'circle',
      source: MARKER,
      paint: {
        'circle-radius': 9,
        'circle-color': '#e0413a',
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 3,
      },
    });
    return () => {
      removeLayersAndSource(map, [MARKER_LAYER], MARKER);
      removeLayersAndSource(map, [LINE, FIXES, TASKS], TRACK);
    };
  }, [map]);

  useEffect(() => {
    const { times, coordinates } = replay.track;
    const tasks = new Map(replay.taskEvents.map((event) => [event.taskId, event]));
    setSourceData(
      map,
      TRACK,
      featureCollection([
        ...(coordinates.length > 1
          ? [
              {
                type: 'Feature' as const,
                properties: { kind: 'line' },
                geometry: { type: 'LineString' as const, coordinates },
              },
            ]
          : []),
        ...coordinates.map((coordinate, index) => ({
          type: 'Feature' as const,
          properties: { kind: 'fix', time: times[index]! },
          geometry: { type: 'Point' as const, coordinates: coordinate },
        })),
        ...[...tasks.values()].map((event) => ({
          type: 'Feature' as const,
          properties: { kind: 'task', code: event.taskCode },
          geometry: { type: 'Point' as const, coordinates: [event.location.lon, event.location.lat] },
        })),
      ]),
    );
    if (coordinates.length > 0) {
      const bounds = coordinates.reduce(
        (box, coordinate) => box.extend(coordinate),
        new LngLatBounds(coordinates[0], coordinates[0]),
      );
      map.fitBounds(bounds, { padding: 60, maxZoom: 18, duration: 0 });
    }
  }, [map, replay]);

  useEffect(() => {
    const onClick = (event: MapLayerMouseEvent) => {
      const time = event.features?.[0]?.properties.time as number | undefined;
      if (time !== undefined) onSeek(time);
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    map.on('click', FIXES, onClick);
    map.on('mouseenter', FIXES, pointer);
    map.on('mouseleave', FIXES, plain);
    return () => {
      map.off('click', FIXES, onClick);
      map.off('mouseenter', FIXES, pointer);
      map.off('mouseleave', FIXES, plain);
    };
  }, [map, onSeek]);

  useEffect(() => {
    setSourceData(
      map,
      MARKER,
      featureCollection(
        position
          ? [
              {
                type: 'Feature' as const,
                properties: {},
                geometry: { type: 'Point' as const, coordinates: [position.lon, position.lat] },
              },
            ]
          : [],
      ),
    );
    // Browser tests read where the marker was put (the map's rendering is tile-quantized).
    const container = map.getContainer();
    if (position) container.dataset.markerLonLat = `${position.lon},${position.lat}`;
    else delete container.dataset.markerLonLat;
  }, [map, position]);

  return null;
}
