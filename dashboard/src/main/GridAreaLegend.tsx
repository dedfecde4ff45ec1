// The grid areas with their map colour and cell count, or why they are missing.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../common/useErrorText';
import { useAreaColours } from '../map/useAreaColours';
import { selectAreas, selectCells, selectGridsError, selectGridsStatus, useGrids } from '../store/grids';
import { selectOnDuty, useOfficers } from '../store/officers';
import { isOpenTask, selectTasks, useTasks } from '../store/tasks';

interface GridAreaLegendProps {
  onRetry: () => void;
}

export function GridAreaLegend({ onRetry }: GridAreaLegendProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const areas = useGrids(selectAreas);
  const cells = useGrids(selectCells);
  const status = useGrids(selectGridsStatus);
  const error = useGrids(selectGridsError);
  const colours = useAreaColours();
  const onDuty = useOfficers(selectOnDuty);
  const tasks = useTasks(selectTasks);

  const rows = useMemo(() => {
    const count = (counts: Record<string, number>, key: string | null) => {
      if (key) counts[key] = (counts[key] ?? 0) + 1;
    };
    const cellCounts: Record<string, number> = {};
    for (const cell of Object.values(cells)) count(cellCounts, cell.properties.areaId);
    const dutyCounts: Record<string, number> = {};
    for (const officer of Object.values(onDuty)) count(dutyCounts, officer.areaId);
    const taskCounts: Record<string, number> = {};
    for (const task of Object.values(tasks))
      if (isOpenTask(task)) count(taskCounts, task.areaId ?? task.nearestAreaId);
    return Object.values(areas)
      .map(({ properties: { id, code, name } }) => ({
        id,
        code,
        name,
        cells: cellCounts[id] ?? 0,
        onDuty: dutyCounts[id] ?? 0,
        openTasks: taskCounts[id] ?? 0,
      }))
      .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  }, [areas, cells, onDuty, tasks]);

  return (
    <section className="panel-section" aria-labelledby="grid-areas-heading">
      <h2 id="grid-areas-heading">{t('grids.heading')}</h2>
      {status === 'failed' && (
        <div className="panel-error" role="alert">
          <p>{t('grids.loadFailed', { message: errorText(error) })}</p>
          <button type="button" className="button" onClick={onRetry}>
            {t('grids.retry')}
          </button>
        </div>
      )}
      {(status === 'loading' || status === 'idle') && <p className="muted">{t('grids.loading')}</p>}
      {status === 'loaded' && rows.length === 0 && <p className="muted">{t('grids.empty')}</p>}
      {status === 'loaded' && rows.length > 0 && (
        <>
          <p className="muted">
            {t('grids.summary', { areas: rows.length, cells: Object.keys(cells).length })}
          </p>
          <ul className="area-legend">
            {rows.map((row) => (
              <li key={row.id}>
                <span className="area-swatch" style={{ backgroundColor: colours[row.id] }} />
                <span className="area-code">{row.code}</span>
                <span className="area-name">{row.name}</span>
                <span className="area-cells">{t('grids.cellCount', { count: row.cells })}</span>
                <span className="area-glance" data-testid="area-glance">
                  <span title={t('grids.onDutyTitle')}>{t('grids.onDuty', { n: row.onDuty })}</span>
                  <span className={row.openTasks > 0 ? 'has-tasks' : ''} title={t('grids.openTasksTitle')}>
                    {t('grids.openTasks', { n: row.openTasks })}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
