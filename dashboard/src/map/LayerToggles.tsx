// Top-right of the map, under the zoom buttons: which layers are drawn (areas, grid cells, cameras, tasks, track tail, officers).
import { useTranslation } from 'react-i18next';
import { MAP_LAYER_GROUPS, useMapLayers } from '../store/mapLayers';

export function LayerToggles() {
  const { t } = useTranslation();
  const visible = useMapLayers((state) => state.visible);
  const toggle = useMapLayers((state) => state.toggle);
  return (
    <fieldset className="layer-toggles" data-testid="layer-toggles">
      <legend>{t('map.layers.title')}</legend>
      {MAP_LAYER_GROUPS.map((group) => (
        <label key={group}>
          <input
            type="checkbox"
            checked={visible[group]}
            onChange={() => toggle(group)}
            data-testid={`layer-${group}`}
          />
          {t(`map.layers.${group}`)}
        </label>
      ))}
    </fieldset>
  );
}
