// Applies the layer toggles to the map: each of our layers is shown or hidden by its group
// (mounted after the layer components, so their layers exist when this runs). The grid cells'
// codes are HTML markers, hidden with the cells by a class on the map's container.
import { useEffect } from 'react';
import { layerGroupOf, useMapLayers } from '../store/mapLayers';
import { useMap } from './MapContext';

export function LayerVisibility() {
  const map = useMap();
  const visible = useMapLayers((state) => state.visible);

  useEffect(() => {
    for (const layer of map.getStyle().layers) {
      const group = layerGroupOf(layer.id);
      if (group) map.setLayoutProperty(layer.id, 'visibility', visible[group] ? 'visible' : 'none');
    }
    map.getContainer().classList.toggle('hide-cell-labels', !visible.cells);
  }, [map, visible]);

  return null;
}
