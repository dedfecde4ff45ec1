// The selected officer's recent track: the last minutes from the tracks API, then extended by
// every live fix, so the operator sees where they came from.
import type { LivePosition } from '@fcc/shared';
import { useEffect } from 'react';
import { fetchTrack } from '../api/endpoints';
import { useMap } from '../map/MapContext';
import { featureCollection, removeLayersAndSource, setSourceData } from '../map/sources';
import { usePositions } from '../store/positions';
import { useUi } from '../store/ui';

const SOURCE = 'track-tail';
const LINE = 'track-tail-line';
export const TRACK_TAIL_MINUTES = 15;

export function TrackTailLayer() {
  const map = useMap();
  const officerId = useUi((state) => state.selectedOfficerId);

  useEffect(() => {
    map.addSource(SOURCE, { type: 'geojson', data: featureCollection([]) });
    // Below the officer dots (added after this layer), above the grid.
    map.addLayer({
      id: LINE,
      type: 'line',
      source: SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': '#f0c05a',
        'line-width': 3,
        'line-opacity': 0.85,
      },
    });
    return () => removeLayersAndSource(map, [LINE], SOURCE);
  }, [map]);

  useEffect(() => {
    setSourceData(map, SOURCE, featureCollection([]));
    if (!officerId) return;
    const controller = new AbortController();
    let coordinates: Array<[number, number]> = [];
    let times: number[] = [];
    const draw = () => {
      const since = Date.now() - TRACK_TAIL_MINUTES * 60_000;
      const first = times.findIndex((time) => time >= since);
      if (first > 0) {
        coordinates = coordinates.slice(first);
        times = times.slice(first);
      }
      setSourceData(
        map,
        SOURCE,
        featureCollection(
          coordinates.length > 1
            ? [
                {
                  type: 'Feature' as const,
                  properties: {},
                  geometry: { type: 'LineString' as const, coordinates },
                },
              ]
            : [],
        ),
      );
    };
    const append = (position: LivePosition | undefined) => {
      if (!position) return;
      const time = Date.parse(position.fixTime);
      if (times.length > 0 && time <= times[times.length - 1]!) return;
      coordinates.push([position.lon, position.lat]);
      times.push(time);
      draw();
    };

    const to = new Date();
    const from = new Date(to.getTime() - TRACK_TAIL_MINUTES * 60_000);
    fetchTrack(
      officerId,
      { from: from.toISOString(), to: to.toISOString(), zoom: map.getZoom() },
      controller.signal,
    ).then(
      (track) => {
        // Live fixes that came while loading are newer than the track: keep them after it.
        const liveSince = times.findIndex((time) => time > (track.times[track.times.length - 1] ?? 0));
        const live =
          liveSince === -1
            ? { c: [], t: [] }
            : { c: coordinates.slice(liveSince), t: times.slice(liveSince) };
        coordinates = [...track.line.coordinates, ...live.c];
        times = [...track.times, ...live.t];
        draw();
      },
      (error: unknown) => {
        if (!controller.signal.aborted) console.warn('Loading the track tail failed', error);
      },
    );
    const unsubscribe = usePositions.subscribe((state, previous) => {
      const position = state.items[officerId];
      if (position !== previous.items[officerId]) append(position);
    });
    return () => {
      controller.abort();
      unsubscribe();
    };
  }, [map, officerId]);

  return null;
}
