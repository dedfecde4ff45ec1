// Bottom-left of the map: what the colours mean and how many officers are in each status.
import { useTranslation } from 'react-i18next';
import { MAP_STATUSES, type MapStatus } from './officerStatus';
import { STATUS_COLOURS } from './statusColours';

interface StatusLegendProps {
  counts: Record<MapStatus, number> | null;
  connected: boolean;
}

export function StatusLegend({ counts, connected }: StatusLegendProps) {
  const { t } = useTranslation();
  return (
    <div className="status-legend" data-testid="status-legend">
      {MAP_STATUSES.map((status) => (
        <span
          key={status}
          className={`legend-item${status === 'sos' && (counts?.sos ?? 0) > 0 ? ' alarm' : ''}`}
        >
          <span className="status-dot" style={{ backgroundColor: STATUS_COLOURS[status] }} />
          {t(`status.${status}`)}
          <span className="legend-count" data-status={status}>
            {counts?.[status] ?? 0}
          </span>
        </span>
      ))}
      {!connected && <span className="legend-offline">{t('live.offline')}</span>}
    </div>
  );
}
