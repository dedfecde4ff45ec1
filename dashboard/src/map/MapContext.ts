// Hands the one map instance to the layer components rendered inside <MapView>.
import type { Map } from 'maplibre-gl';
import { createContext, useContext } from 'react';

export const MapContext = createContext<Map | null>(null);

export function useMap(): Map {
  const map = useContext(MapContext);
  if (!map) throw new Error('useMap() is only available inside <MapView>, once the map has loaded');
  return map;
}
