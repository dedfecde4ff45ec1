// The column beside the map. Later screens (video wall, dispatch, alerts) go here
// as further sections; for now it holds the grid legend.
import { useTranslation } from 'react-i18next';
import { GridAreaLegend } from './GridAreaLegend';

interface SidePanelProps {
  onRetryGrids: () => void;
}

export function SidePanel({ onRetryGrids }: SidePanelProps) {
  const { t } = useTranslation();
  return (
    <aside className="side-panel" aria-label={t('sidePanel.label')} data-testid="side-panel">
      <GridAreaLegend onRetry={onRetryGrids} />
    </aside>
  );
}
