// The column beside the map: the task board, the alerts list and the grid areas, one at a
// time behind tabs. The alerts tab shows how many are open so it is never missed.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertsList } from '../alerts/AlertsList';
import { DevicesPanel } from '../devices/DevicesPanel';
import { groupAlerts } from '../alerts/alertGroups';
import { selectAlerts, useAlerts } from '../store/alerts';
import { selectUser, useSession } from '../store/session';
import { useUi, type SideTab } from '../store/ui';
import { TaskBoard } from '../tasks/TaskBoard';
import { GridAreaLegend } from './GridAreaLegend';

interface SidePanelProps {
  onRetryGrids: () => void;
}

const TABS: SideTab[] = ['tasks', 'alerts', 'areas'];
/** Administrators also hand out devices (sign-in QR codes for officers' phones). */
const ADMIN_TABS: SideTab[] = [...TABS, 'devices'];

export function SidePanel({ onRetryGrids }: SidePanelProps) {
  const { t } = useTranslation();
  const tab = useUi((state) => state.sideTab);
  const isAdministrator = useSession(selectUser)?.role === 'administrator';
  const alerts = useAlerts(selectAlerts);
  // Rows, not raw alerts: twenty repeats of one officer crossing an area edge are one matter.
  const openAlerts = useMemo(() => groupAlerts(Object.values(alerts), false).length, [alerts]);

  return (
    <aside className="side-panel" aria-label={t('sidePanel.label')} data-testid="side-panel">
      <div className="tabs" role="tablist">
        {(isAdministrator ? ADMIN_TABS : TABS).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className="tab"
            data-testid={`tab-${id}`}
            onClick={() => useUi.getState().setSideTab(id)}
          >
            {t(`sidePanel.${id}`)}
            {id === 'alerts' && openAlerts > 0 && (
              <span className="tab-count" data-testid="open-alerts-count">
                {openAlerts}
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel">
        {tab === 'tasks' && <TaskBoard />}
        {tab === 'alerts' && <AlertsList />}
        {tab === 'areas' && <GridAreaLegend onRetry={onRetryGrids} />}
        {tab === 'devices' && isAdministrator && <DevicesPanel />}
      </div>
    </aside>
  );
}
