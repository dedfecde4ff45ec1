// The command centre after sign-in: top bar, SOS banner, side panel, and the map with its
// layers; over the map the officer card and, on the right, the task being drafted or opened.
import type { ClientConfig } from '@fcc/shared';
import { useCallback, useState } from 'react';
import { SosBanner } from '../alerts/SosBanner';
import { useLiveConnection } from '../live/useLiveConnection';
import { useLiveStatus } from '../live/liveStatus';
import { FitToGrid } from '../map/FitToGrid';
import { FocusCamera } from '../map/FocusCamera';
import { GridAreasLayer } from '../map/GridAreasLayer';
import { LayerToggles } from '../map/LayerToggles';
import { LayerVisibility } from '../map/LayerVisibility';
import { GridCellLabels } from '../map/GridCellLabels';
import { GridCellsLayer } from '../map/GridCellsLayer';
import { MapClicks } from '../map/MapClicks';
import { MapView } from '../map/MapView';
import { OfficerCard } from '../officers/OfficerCard';
import { OfficersLayer } from '../officers/OfficersLayer';
import type { MapStatus } from '../officers/officerStatus';
import { StatusLegend } from '../officers/StatusLegend';
import { TrackTailLayer } from '../officers/TrackTailLayer';
import { AdminScreen } from '../admin/AdminScreen';
import { CameraCard } from '../cameras/CameraCard';
import { CamerasLayer } from '../cameras/CamerasLayer';
import { useGridEditorGuard } from '../admin/useGridEditorGuard';
import { CasesScreen } from '../cases/CasesScreen';
import { selectUser, useSession } from '../store/session';
import { ToCompleteScreen } from '../recordings/ToCompleteScreen';
import { StatisticsScreen } from '../statistics/StatisticsScreen';
import { useUi } from '../store/ui';
import { NewTaskForm } from '../tasks/NewTaskForm';
import { TaskDetail } from '../tasks/TaskDetail';
import { TasksLayer } from '../tasks/TasksLayer';
import { useWall } from '../store/wall';
import { VideoWall } from '../wall/VideoWall';
import { SidePanel } from './SidePanel';
import { TopBar } from './TopBar';
import { useCurrentUserRefresh } from './useCurrentUserRefresh';
import { useRoute } from './screens';
import { useGridsLoader } from './useGridsLoader';

interface MainPageProps {
  config: ClientConfig;
}

/** The legend's counts are read by eye: once a second is enough, whatever the update rate. */
const LEGEND_REFRESH_MS = 1000;

export function MainPage({ config }: MainPageProps) {
  useCurrentUserRefresh();
  useLiveConnection();
  useGridEditorGuard();
  const reloadGrids = useGridsLoader();
  const [cellsOnMap, setCellsOnMap] = useState<number | null>(null);
  const [counts, setCounts] = useState<Record<MapStatus, number> | null>(null);
  const connected = useLiveStatus((state) => state.connected);
  const drawerOpen = useUi((state) => state.draft !== null || state.openTaskId !== null);
  const onCounts = useThrottledCounts(setCounts);
  const wallClass = useWall((state) =>
    state.open ? (state.maximised ? ' with-wall wall-only' : ' with-wall') : '',
  );
  const route = useRoute(useSession(selectUser)?.role);
  const screen = route.screen;

  return (
    <div className="main-layout">
      <TopBar townName={config.townName} />
      <SosBanner />
      {screen === 'to-complete' && <ToCompleteScreen />}
      {screen === 'cases' && <CasesScreen caseId={route.caseId} />}
      {screen === 'statistics' && <StatisticsScreen />}
      {screen === 'admin' && <AdminScreen config={config} onGridsChanged={reloadGrids} />}
      <div
        className={`${drawerOpen ? 'workspace with-drawer' : 'workspace'}${wallClass}`}
        hidden={screen !== 'live'}
      >
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
            <TrackTailLayer />
            <CamerasLayer />
            <TasksLayer />
            <OfficersLayer onCounts={onCounts} />
            <LayerVisibility />
            <MapClicks />
            <FocusCamera />
          </MapView>
          <LayerToggles />
          <OfficerCard />
          <CameraCard />
          <StatusLegend counts={counts} connected={connected} />
        </main>
        {drawerOpen && (
          <aside className="drawer">
            <NewTaskForm />
            <TaskDetail />
          </aside>
        )}
        <VideoWall />
      </div>
    </div>
  );
}

function useThrottledCounts(setCounts: (counts: Record<MapStatus, number>) => void) {
  const [state] = useState(() => ({ last: 0, pending: null as Record<MapStatus, number> | null, timer: 0 }));
  return useCallback(
    (counts: Record<MapStatus, number>) => {
      const now = Date.now();
      state.pending = counts;
      if (now - state.last >= LEGEND_REFRESH_MS) {
        state.last = now;
        setCounts(counts);
        return;
      }
      if (state.timer) return;
      state.timer = window.setTimeout(
        () => {
          state.timer = 0;
          state.last = Date.now();
          if (state.pending) setCounts(state.pending);
        },
        LEGEND_REFRESH_MS - (now - state.last),
      );
    },
    [state, setCounts],
  );
}
