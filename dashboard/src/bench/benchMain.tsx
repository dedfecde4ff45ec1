// The officers layer alone, fed synthetic position batches, for `npm run bench -- dashboard-map`.
// It is the real layer, stores and socket handling minus the socket: batches arrive as JSON text
// (as socket.io delivers them) and go through JSON.parse and the same store action.
// ?officers=N&zoom=Z. The script drives it through window.fccBench.
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { LivePosition, Officer } from '@fcc/shared';
import { Map, setWorkerUrl } from 'maplibre-gl';
import { createRoot } from 'react-dom/client';
import { FALLBACK_STYLE } from '../map/fallbackStyle';
import { MapContext } from '../map/MapContext';
import { FLUSH_MEASURE, OfficersLayer } from '../officers/OfficersLayer';
import { useOfficers } from '../store/officers';
import { usePositions } from '../store/positions';

setWorkerUrl(workerUrl);

const params = new URLSearchParams(window.location.search);
const officerCount = Number(params.get('officers') ?? 1000);
const zoom = Number(params.get('zoom') ?? 14);
const centre: [number, number] = [111.6708, 40.8183];
/** About the demo town's 3 km × 3 km. */
const SPAN = 0.03;

interface Walker {
  lat: number;
  lon: number;
  heading: number;
}

const officers: Officer[] = [];
const walkers: Walker[] = [];
for (let i = 0; i < officerCount; i++) {
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  officers.push({
    id,
    badgeNo: String(100000 + i),
    name: `Officer ${i}`,
    phone: null,
    areaId: null,
    status: 'available',
  });
  walkers.push({
    lat: centre[1] + (Math.random() - 0.5) * SPAN,
    lon: centre[0] + (Math.random() - 0.5) * SPAN * 1.3,
    heading: Math.random() * 360,
  });
}

/** One batch as the server would send it: the officers that moved since the last one. */
function makeBatch(from: number, to: number, time: number): string {
  const positions: LivePosition[] = [];
  for (let i = from; i < to; i++) {
    const walker = walkers[i]!;
    walker.heading = (walker.heading + (Math.random() - 0.5) * 30 + 360) % 360;
    walker.lat += Math.cos((walker.heading * Math.PI) / 180) * 0.00001;
    walker.lon += Math.sin((walker.heading * Math.PI) / 180) * 0.000013;
    positions.push({
      officerId: officers[i]!.id,
      deviceId: officers[i]!.id,
      fixTime: new Date(time).toISOString(),
      lat: walker.lat,
      lon: walker.lon,
      accuracy: 5,
      speed: 1.4,
      heading: Math.round(walker.heading),
      battery: 80,
      gridCellId: null,
      areaId: null,
    });
  }
  return JSON.stringify(positions);
}

const container = document.getElementById('map')!;
// The same map options as MapView where they matter for cost.
const map = new Map({ container, style: FALLBACK_STYLE, center: centre, zoom, fadeDuration: 0 });
// MapLibre's own frame on the main thread (layout of what the worker sent, placement, draw calls):
// its private _render is what each animation frame runs, timed here so the bench can tell it apart
// from our flush.
export const RENDER_MEASURE = 'maplibre-render';
const mapInternals = map as unknown as { _render(time: number): unknown };
const render = mapInternals._render.bind(map);
mapInternals._render = (time: number) => {
  const started = performance.now();
  const result = render(time);
  performance.measure(RENDER_MEASURE, { start: started });
  return result;
};
/** ?hide=officers-arrows,officers-tags: layers left out, to see what each costs. */
const hidden = (params.get('hide') ?? '').split(',').filter(Boolean);

declare global {
  interface Window {
    fccBench?: {
      ready: boolean;
      /** Makes `count` batches in advance, each with `perBatch` officers (cycling through all). */
      prepare(count: number, perBatch: number): void;
      /** Applies the next prepared batch; returns the time spent in parse + store, ms. */
      applyNext(): number;
      flushTimes(): number[];
      /** Duration of each MapLibre frame on the main thread, ms. */
      renderTimes(): number[];
      clearMeasures(): void;
      drawn(): number;
    };
  }
}

let prepared: string[] = [];
map.once('load', () => {
  useOfficers.getState().loaded(officers, [], []);
  createRoot(document.createElement('div')).render(
    <MapContext value={map}>
      <OfficersLayer />
    </MapContext>,
  );
  // Everyone's first position, as the subscribe answer brings it.
  usePositions.getState().replaceAll(JSON.parse(makeBatch(0, officerCount, Date.now())) as LivePosition[]);
  map.once('idle', () => {
    window.fccBench = {
      ready: true,
      prepare(count, perBatch) {
        // Here rather than at load: the layer component adds its layers in an effect.
        for (const id of hidden) {
          if (!map.getLayer(id)) throw new Error(`No layer ${id} to hide`);
          map.setLayoutProperty(id, 'visibility', 'none');
        }
        prepared = [];
        let next = 0;
        const start = Date.now();
        for (let i = 0; i < count; i++) {
          const to = Math.min(officerCount, next + perBatch);
          prepared.push(makeBatch(next, to, start + (i + 1) * 500));
          next = to >= officerCount ? 0 : to;
        }
      },
      applyNext() {
        const text = prepared.shift();
        if (!text) return 0;
        const started = performance.now();
        usePositions.getState().applyBatch(JSON.parse(text) as LivePosition[]);
        return performance.now() - started;
      },
      flushTimes: () => performance.getEntriesByName(FLUSH_MEASURE).map((entry) => entry.duration),
      renderTimes: () => performance.getEntriesByName(RENDER_MEASURE).map((entry) => entry.duration),
      clearMeasures: () => {
        performance.clearMeasures(FLUSH_MEASURE);
        performance.clearMeasures(RENDER_MEASURE);
      },
      drawn: () => Number(container.dataset.officersOnMap ?? 0),
    };
  });
});
