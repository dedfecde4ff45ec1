// A click on the map's empty ground: places the task being drafted while picking, otherwise
// clears the selection (officer or camera). Clicks on officers, clusters, tasks and cameras are theirs.
import type { MapMouseEvent } from 'maplibre-gl';
import { useEffect } from 'react';
import { useUi } from '../store/ui';
import { useMap } from './MapContext';

/** Layers whose own click handlers take precedence over a click on the ground. */
const INTERACTIVE_LAYERS = ['officers-dots', 'officers-clusters', 'tasks-dots', 'cameras-icons'];

export function MapClicks() {
  const map = useMap();

  useEffect(() => {
    const onClick = (event: MapMouseEvent) => {
      const ui = useUi.getState();
      if (ui.picking) {
        ui.setDraftLocation({ lat: round(event.lngLat.lat), lon: round(event.lngLat.lng) });
        return;
      }
      const layers = INTERACTIVE_LAYERS.filter((id) => map.getLayer(id));
      if (layers.length > 0 && map.queryRenderedFeatures(event.point, { layers }).length > 0) return;
      ui.selectOfficer(null);
    };
    map.on('click', onClick);

    // Picking shows as a crosshair for as long as it lasts.
    const applyCursor = (picking: boolean) => (map.getCanvas().style.cursor = picking ? 'crosshair' : '');
    applyCursor(useUi.getState().picking);
    const unsubscribe = useUi.subscribe((state, previous) => {
      if (state.picking !== previous.picking) applyCursor(state.picking);
    });
    return () => {
      map.off('click', onClick);
      unsubscribe();
    };
  }, [map]);

  return null;
}

/** Six decimals are about 10 cm: more would only be noise in the form. */
const round = (degrees: number) => Math.round(degrees * 1e6) / 1e6;
