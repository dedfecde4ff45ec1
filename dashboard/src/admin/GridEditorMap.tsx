// The grid editor's own map, beside the area table and forms of the Grids section: the same area
// and cell layers as the live map, with the cell being drawn or edited on top. A second map
// instance (the live one stays mounted, hidden) rather than editing tools on the operators' map:
// administrators edit here, next to the area list, and no other role ever loads the tools.
import type { ClientConfig } from '@fcc/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FitToGrid } from '../map/FitToGrid';
import { GridAreasLayer } from '../map/GridAreasLayer';
import { GridCellLabels } from '../map/GridCellLabels';
import { GridCellsLayer } from '../map/GridCellsLayer';
import { MapView } from '../map/MapView';
import { selectGridsStatus, useGrids } from '../store/grids';
import { GridEditorInteractions } from './GridEditorInteractions';
import { GridEditorLayer } from './GridEditorLayer';
import { useConfirmDiscard } from './useGridEditorGuard';

interface Props {
  config: Pick<ClientConfig, 'mapStyleUrl' | 'mapCentre' | 'mapZoom'>;
}

export function GridEditorMap({ config }: Props) {
  const { t } = useTranslation();
  const confirmDiscard = useConfirmDiscard();
  const [cellsOnMap, setCellsOnMap] = useState<number | null>(null);
  // Cleared while the grid reloads after a change, so that tests know when clicks find the new cells.
  const loaded = useGrids(selectGridsStatus) === 'loaded';
  return (
    <div className="grid-editor-map">
      <MapView
        styleUrl={config.mapStyleUrl}
        centre={config.mapCentre}
        zoom={config.mapZoom}
        gridCellsLoaded={loaded ? cellsOnMap : null}
        testId="grid-editor-map"
        label={t('admin.gridEditor.mapLabel')}
      >
        <GridAreasLayer />
        <GridCellsLayer onRendered={setCellsOnMap} />
        <GridCellLabels />
        <FitToGrid />
        <GridEditorLayer />
        <GridEditorInteractions confirmDiscard={confirmDiscard} />
      </MapView>
    </div>
  );
}
