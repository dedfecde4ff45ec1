// Moves the camera when something asks for it (an SOS, a task opened from the board).
import { useEffect } from 'react';
import { useUi } from '../store/ui';
import { useMap } from './MapContext';

export function FocusCamera() {
  const map = useMap();
  useEffect(
    () =>
      useUi.subscribe((state, previous) => {
        const focus = state.focus;
        if (!focus || focus === previous.focus) return;
        map.flyTo({
          center: [focus.lon, focus.lat],
          zoom: Math.max(map.getZoom(), focus.zoom ?? map.getZoom()),
          duration: 800,
        });
      }),
    [map],
  );
  return null;
}
