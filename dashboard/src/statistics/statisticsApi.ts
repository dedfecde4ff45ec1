// The statistics routes: JSON for the charts, CSV files for the download buttons.
import type { OfficerStatistics, TaskStatistics, TaskStatisticsTable } from '@fcc/shared';
import { request, requestFile } from '../api/client';

export interface StatisticsFilter {
  from: string;
  to: string;
  areaId: string | null;
}

function query(filter: StatisticsFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to, ...extra });
  if (filter.areaId) params.set('areaId', filter.areaId);
  return params.toString();
}

export const fetchTaskStatistics = (filter: StatisticsFilter, signal?: AbortSignal) =>
  request<TaskStatistics>('GET', `/api/statistics/tasks?${query(filter)}`, { signal });

export const fetchOfficerStatistics = (filter: StatisticsFilter, signal?: AbortSignal) =>
  request<OfficerStatistics>('GET', `/api/statistics/officers?${query(filter)}`, { signal });

export type CsvExport = { kind: 'tasks'; table: TaskStatisticsTable } | { kind: 'officers' };

export const downloadStatisticsCsv = (filter: StatisticsFilter, what: CsvExport) =>
  requestFile(
    `/api/statistics/${what.kind}?${query(filter, { format: 'csv', ...(what.kind === 'tasks' ? { table: what.table } : {}) })}`,
  );
