// The one map instance. Layers are children that render nothing and reach the
// map through MapContext; they mount only once the style has loaded.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Map, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../store/session';
import { authorizeRequest } from './authorizeRequest';
import { FALLBACK_STYLE } from './fallbackStyle';
import { MapContext } from './MapContext';

// MapLibre finds its worker next to its own module, which bundling breaks: point at the emitted copy.
setWorkerUrl(workerUrl);

interface MapViewProps {
  styleUrl: string;
  centre: [number, number];
  zoom: number;
  /** Exposed as data-grid-cells-loaded once the grid cells are drawn, for browser tests. */
  gridCellsLoaded?: number | null;
  /** For a second map (the grid editor): its own test id and accessible name. */
  testId?: string;
  label?: string;
  children?: ReactNode;
}

export function MapView({ styleUrl, centre, zoom, gridCellsLoaded, testId, label, children }: MapViewProps) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<Map | null>(null);
  const [styleUnavailable, setStyleUnavailable] = useState(false);
  const [lon, lat] = centre;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const instance = new Map({
      container,
      style: styleUrl,
      center: [lon, lat],
      zoom,
      // No symbol fade: with positions changing every half second a 300 ms fade means the map
      // repaints nearly all the time (measured: most of the main thread in software WebGL).
      fadeDuration: 0,
      // Read at request time so a fresh sign-in is used without rebuilding the map.
      transformRequest: (url) => authorizeRequest(url, useSession.getState().token, window.location.origin),
    });
    // Browser tests find screen positions through the map itself (map.project); nothing else uses it.
    Object.defineProperty(container, 'fccMap', { value: instance, configurable: true });
    instance.addControl(new NavigationControl({ visualizePitch: false }), 'top-right');
    instance.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');

    let styleReceived = false;
    instance.once('styledata', () => {
      styleReceived = true;
    });
    instance.on('error', ({ error }) => {
      if (statusOf(error) === 401) {
        useSession.getState().clear();
        return;
      }
      console.warn('Map error', error);
      if (!styleReceived) {
        styleReceived = true; // fall back once, not on every later error
        setStyleUnavailable(true);
        instance.setStyle(FALLBACK_STYLE, { diff: false }); // nothing to diff against
      }
    });
    instance.once('load', () => setMap(instance));

    return () => {
      setMap(null);
      delete (container as { fccMap?: Map }).fccMap;
      instance.remove();
    };
  }, [styleUrl, lon, lat, zoom]);

  return (
    <>
      <div
        ref={containerRef}
        className="map"
        data-testid={testId ?? 'map'}
        role="region"
        aria-label={label ?? t('map.label')}
        data-grid-cells-loaded={gridCellsLoaded ?? undefined}
      />
      {styleUnavailable && (
        <p className="map-notice" role="status">
          {t('map.styleUnavailable')}
        </p>
      )}
      {map && <MapContext value={map}>{children}</MapContext>}
    </>
  );
}

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    return typeof error.status === 'number' ? error.status : undefined;
  }
  return undefined;
}
