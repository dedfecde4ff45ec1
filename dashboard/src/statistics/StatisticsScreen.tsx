// Statistics of enforcement activity (supervisors, administrators): pick days and an area; tasks
// per day and per area, how long acknowledging, arriving and closing take, SLA breaches, and
// officers' distance and time on duty. Every table downloads as CSV.
import type { OfficerStatistics, TaskStatistics } from '@fcc/shared';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDistance } from '../common/durations';
import { useErrorText } from '../common/useErrorText';
import { selectAreas, useGrids } from '../store/grids';
import { BarChart } from './BarChart';
import { CsvButton } from './CsvButton';
import { lastDays, rangeQuery } from './dateRange';
import { Histogram } from './Histogram';
import { HorizontalBars } from './HorizontalBars';
import { fetchOfficerStatistics, fetchTaskStatistics, type StatisticsFilter } from './statisticsApi';
import './statistics.css';

interface Loaded {
  tasks: TaskStatistics;
  officers: OfficerStatistics;
}

const hours = (seconds: number) => Math.round((seconds / 3600) * 10) / 10;

export function StatisticsScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const areas = useGrids(selectAreas);
  const [days, setDays] = useState(() => lastDays(7));
  const [areaId, setAreaId] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const filter: StatisticsFilter = useMemo(
    () => ({ ...rangeQuery(days.fromDay, days.toDay), areaId }),
    [days, areaId],
  );

  useEffect(() => {
    if (days.toDay < days.fromDay) {
      setError(t('statistics.toBeforeFrom'));
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    Promise.all([
      fetchTaskStatistics(filter, controller.signal),
      fetchOfficerStatistics(filter, controller.signal),
    ])
      .then(([tasks, officers]) => setLoaded({ tasks, officers }))
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(errorText(cause));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [filter, days, errorText, t]);

  const areaList = useMemo(
    () => Object.values(areas).sort((a, b) => a.properties.code.localeCompare(b.properties.code)),
    [areas],
  );

  return (
    <section className="screen statistics-screen" data-testid="statistics-screen" aria-busy={loading}>
      <header className="screen-header">
        <h1>{t('statistics.heading')}</h1>
        <div className="filters">
          <label>
            <span className="field-label">{t('statistics.from')}</span>
            <input
              type="date"
              value={days.fromDay}
              data-testid="statistics-from"
              onChange={(event) => event.target.value && setDays({ ...days, fromDay: event.target.value })}
            />
          </label>
          <label>
            <span className="field-label">{t('statistics.to')}</span>
            <input
              type="date"
              value={days.toDay}
              data-testid="statistics-to"
              onChange={(event) => event.target.value && setDays({ ...days, toDay: event.target.value })}
            />
          </label>
          <div className="segmented">
            {[7, 30, 90].map((n) => (
              <button
                key={n}
                type="button"
                className="button button-small"
                onClick={() => setDays(lastDays(n))}
              >
                {t('statistics.lastDays', { n })}
              </button>
            ))}
          </div>
          <label>
            <span className="field-label">{t('statistics.area')}</span>
            <select
              value={areaId ?? ''}
              data-testid="statistics-area"
              onChange={(event) => setAreaId(event.target.value || null)}
            >
              <option value="">{t('statistics.allAreas')}</option>
              {areaList.map((area) => (
                <option key={area.properties.id} value={area.properties.id}>
                  {area.properties.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="muted small">{t('statistics.timeZoneNote')}</p>
      </header>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {loaded && <StatisticsBody loaded={loaded} filter={filter} />}
    </section>
  );
}

function StatisticsBody({
  loaded: { tasks, officers },
  filter,
}: {
  loaded: Loaded;
  filter: StatisticsFilter;
}) {
  const { t } = useTranslation();
  const outside = t('statistics.outsideAreas');
  return (
    <div className="statistics-cards">
      <p className="statistics-totals" data-testid="statistics-totals">
        {t('statistics.totals', tasks.totals)}
      </p>

      <article className="card card-wide">
        <header className="card-header">
          <h2>{t('statistics.perDay')}</h2>
          <span className="legend-swatch swatch-tasks" />{' '}
          <span className="small">{t('statistics.tasks')}</span>
          <span className="legend-swatch swatch-breaches" />{' '}
          <span className="small">{t('statistics.breaches')}</span>
          <CsvButton filter={filter} what={{ kind: 'tasks', table: 'per-day' }} testId="csv-per-day" />
        </header>
        <BarChart
          testId="chart-per-day"
          label={t('statistics.perDay')}
          highlightLabel={t('statistics.breaches')}
          bars={tasks.perDay.map((day) => ({
            key: day.day,
            label: day.day.slice(5),
            value: day.tasks,
            highlight: day.slaBreaches,
          }))}
        />
      </article>

      <article className="card">
        <header className="card-header">
          <h2>{t('statistics.perArea')}</h2>
          <CsvButton filter={filter} what={{ kind: 'tasks', table: 'per-area' }} testId="csv-per-area" />
        </header>
        <HorizontalBars
          testId="chart-per-area"
          label={t('statistics.perArea')}
          rows={tasks.perArea.map((row) => ({
            key: row.areaId ?? 'outside',
            label: row.areaName ?? outside,
            value: row.tasks,
            text: t('statistics.areaValue', row),
          }))}
        />
      </article>

      <article className="card">
        <header className="card-header">
          <h2>{t('statistics.slaBreaches')}</h2>
          <CsvButton
            filter={filter}
            what={{ kind: 'tasks', table: 'sla-breaches' }}
            testId="csv-sla-breaches"
          />
        </header>
        {tasks.slaBreaches.length === 0 ? (
          <p className="muted">{t('statistics.noSla')}</p>
        ) : (
          <table className="data-table" data-testid="sla-table">
            <thead>
              <tr>
                <th>{t('statistics.category')}</th>
                <th>{t('statistics.area')}</th>
                <th className="number">{t('statistics.withSla')}</th>
                <th className="number">{t('statistics.breaches')}</th>
                <th>{t('statistics.breachRate')}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.slaBreaches.map((row) => (
                <tr key={`${row.category}/${row.areaId ?? ''}`}>
                  <td>{row.categoryName ?? row.category}</td>
                  <td>{row.areaName ?? outside}</td>
                  <td className="number">{row.withSla}</td>
                  <td className="number">{row.breaches}</td>
                  <td>
                    <span className="rate-bar">
                      <span style={{ width: `${(row.breachRate ?? 0) * 100}%` }} />
                    </span>{' '}
                    {row.breachRate === null ? '–' : `${Math.round(row.breachRate * 100)}%`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </article>

      <article className="card card-wide">
        <header className="card-header">
          <h2>{t('statistics.durations')}</h2>
          <CsvButton filter={filter} what={{ kind: 'tasks', table: 'durations' }} testId="csv-durations" />
        </header>
        <div className="histograms">
          <Histogram
            testId="histogram-toAcknowledge"
            title={t('statistics.toAcknowledge')}
            distribution={tasks.durations.toAcknowledge}
          />
          <Histogram
            testId="histogram-toArrive"
            title={t('statistics.toArrive')}
            distribution={tasks.durations.toArrive}
          />
          <Histogram
            testId="histogram-toClose"
            title={t('statistics.toClose')}
            distribution={tasks.durations.toClose}
          />
        </div>
      </article>

      <article className="card card-wide">
        <header className="card-header">
          <h2>{t('statistics.officers')}</h2>
          <CsvButton filter={filter} what={{ kind: 'officers' }} testId="csv-officers" />
        </header>
        <p className="muted small" title={officers.method.description}>
          {t('statistics.distanceMethod', officers.method)}
        </p>
        <div className="officer-statistics">
          <HorizontalBars
            testId="chart-distance"
            label={t('statistics.distance')}
            rows={officers.officers.map((row) => ({
              key: row.officerId,
              label: `${row.name} · ${row.badgeNo}`,
              value: row.distanceMetres,
              text: formatDistance(row.distanceMetres),
            }))}
          />
          <table className="data-table" data-testid="officer-table">
            <thead>
              <tr>
                <th>{t('statistics.officer')}</th>
                <th>{t('statistics.area')}</th>
                <th className="number">{t('statistics.distance')}</th>
                <th className="number">{t('statistics.onDutyHours')}</th>
                <th className="number">{t('statistics.tasksAssigned')}</th>
              </tr>
            </thead>
            <tbody>
              {officers.officers.map((row) => (
                <tr key={row.officerId} data-testid="officer-statistics-row" data-officer-id={row.officerId}>
                  <td>
                    {row.name} <span className="muted small">{row.badgeNo}</span>
                  </td>
                  <td>{row.areaName ?? '–'}</td>
                  <td className="number">{formatDistance(row.distanceMetres)}</td>
                  <td className="number">{hours(row.onDutySeconds)}</td>
                  <td className="number">{row.tasksAssigned}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </article>
    </div>
  );
}
