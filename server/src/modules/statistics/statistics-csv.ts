// The statistics as CSV tables: bilingual headers (a zh-CN supervisor and an English reader both
// know the columns), one row per row of the JSON answer, durations in seconds.
import {
  DURATION_KINDS,
  type OfficerStatistics,
  type OfficerStatisticsRow,
  type SlaBreachRow,
  type TaskStatistics,
  type TaskStatisticsTable,
  type TasksPerArea,
  type TasksPerDay,
} from '@fcc/shared';
import { toCsv, type CsvColumn } from './csv';

const PER_DAY: CsvColumn<TasksPerDay>[] = [
  { header: '日期 day', value: (row) => row.day },
  { header: '任务数 tasks', value: (row) => row.tasks },
  { header: '已办结 closed', value: (row) => row.closed },
  { header: '超时 SLA breaches', value: (row) => row.slaBreaches },
];

const PER_AREA: CsvColumn<TasksPerArea>[] = [
  { header: '片区 area', value: (row) => row.areaName ?? '（区域外）outside every area' },
  { header: '片区ID area id', value: (row) => row.areaId },
  { header: '任务数 tasks', value: (row) => row.tasks },
  { header: '已办结 closed', value: (row) => row.closed },
  { header: '超时 SLA breaches', value: (row) => row.slaBreaches },
];

const SLA_BREACHES: CsvColumn<SlaBreachRow>[] = [
  { header: '类别 category', value: (row) => row.categoryName ?? row.category },
  { header: '类别代码 category code', value: (row) => row.category },
  { header: '片区 area', value: (row) => row.areaName ?? '（区域外）outside every area' },
  { header: '有时限任务 tasks with an SLA', value: (row) => row.withSla },
  { header: '超时 breaches', value: (row) => row.breaches },
  { header: '超时率 breach rate', value: (row) => row.breachRate },
];

interface DurationRow {
  kind: string;
  fromSeconds: number;
  toSeconds: number | null;
  count: number;
  p50: number | null;
  p90: number | null;
}

const DURATION_LABELS: Record<(typeof DURATION_KINDS)[number], string> = {
  toAcknowledge: '签收 to acknowledge',
  toArrive: '到场 to arrive',
  toClose: '办结 to close',
};

const DURATIONS: CsvColumn<DurationRow>[] = [
  { header: '环节 stage', value: (row) => row.kind },
  { header: '自(秒) from (s)', value: (row) => row.fromSeconds },
  { header: '至(秒) to (s)', value: (row) => row.toSeconds },
  { header: '任务数 tasks', value: (row) => row.count },
  { header: '中位数(秒) p50 (s)', value: (row) => row.p50 },
  { header: '90分位(秒) p90 (s)', value: (row) => row.p90 },
];

const OFFICERS: CsvColumn<OfficerStatisticsRow>[] = [
  { header: '警号 badge', value: (row) => row.badgeNo },
  { header: '姓名 name', value: (row) => row.name },
  { header: '片区 area', value: (row) => row.areaName },
  { header: '里程(米) distance (m)', value: (row) => row.distanceMetres },
  { header: '在岗(秒) on duty (s)', value: (row) => row.onDutySeconds },
  { header: '派单数 tasks assigned', value: (row) => row.tasksAssigned },
  { header: '有效定位 fixes used', value: (row) => row.fixesUsed },
  { header: '剔除定位 fixes ignored', value: (row) => row.fixesIgnored },
];

export function taskStatisticsCsv(statistics: TaskStatistics, table: TaskStatisticsTable): string {
  switch (table) {
    case 'per-day':
      return toCsv(PER_DAY, statistics.perDay);
    case 'per-area':
      return toCsv(PER_AREA, statistics.perArea);
    case 'sla-breaches':
      return toCsv(SLA_BREACHES, statistics.slaBreaches);
    case 'durations':
      return toCsv(
        DURATIONS,
        DURATION_KINDS.flatMap((kind) => {
          const { p50, p90, buckets } = statistics.durations[kind];
          return buckets.map((bucket) => ({ kind: DURATION_LABELS[kind], ...bucket, p50, p90 }));
        }),
      );
  }
}

export function officerStatisticsCsv(statistics: OfficerStatistics): string {
  return toCsv(OFFICERS, statistics.officers);
}
