// The command centre after sign-in: top bar, side panel, and the map of the grid.
import type { ClientConfig } from '@fcc/shared';
import { useState } from 'react';
import { FitToGrid } from '../map/FitToGrid';
import { GridAreasLayer } from '../map/GridAreasLayer';
import { GridCellLabels } from '../map/GridCellLabels';
import { GridCellsLayer } from '../map/GridCellsLayer';
import { MapView } from '../map/MapView';
import { SidePanel } from './SidePanel';
import { TopBar } from './TopBar';
import { useCurrentUserRefresh } from './useCurrentUserRefresh';
import { useGridsLoader } from './useGridsLoader';

interface MainPageProps {
  config: ClientConfig;
}

export function MainPage({ config }: MainPageProps) {
  useCurrentUserRefresh();
  const reloadGrids = useGridsLoader();
  const [cellsOnMap, setCellsOnMap] = useState<number | null>(null);

  return (
    <div className="main-layout">
      <TopBar townName={config.townName} />
      <div className="workspace">
        <SidePanel onRetryGrids={reloadGrids} />
        <main className="map-area">
          <MapView
            styleUrl={config.mapStyleUrl}
            centre={config.mapCentre}
            zoom={config.mapZoom}
            gridCellsLoaded={cellsOnMap}
          >
            {/* Order matters: each layer is added above the ones before it. */}
            <GridAreasLayer />
            <GridCellsLayer onRendered={setCellsOnMap} />
            <GridCellLabels />
            <FitToGrid />
          </MapView>
        </main>
      </div>
    </div>
  );
}
