// Statistics for supervisors and administrators: checks the range and the area, asks the
// repositories, and assembles the distributions (every bucket present, empty ones as zero).
import {
  DURATION_KINDS,
  MAX_STATISTICS_RANGE_DAYS,
  STATISTICS_TIME_ZONE,
  type DurationDistribution,
  type DurationKind,
  type OfficerStatistics,
  type TaskStatistics,
} from '@fcc/shared';
import { BadRequestError, NotFoundError } from '../../http/errors';
import { DISTANCE_METHOD, type OfficerStatisticsRepository } from './officer-statistics-repository';
import {
  DURATION_BUCKET_EDGES,
  type DurationBucketRow,
  type DurationSummaryRow,
  type TaskScope,
  type TaskStatisticsRepository,
} from './task-statistics-repository';

export interface StatisticsRequest {
  from: string;
  to: string;
  areaId?: string | undefined;
}

export class StatisticsService {
  constructor(
    private readonly tasks: TaskStatisticsRepository,
    private readonly officerStats: OfficerStatisticsRepository,
  ) {}

  async taskStatistics(request: StatisticsRequest): Promise<TaskStatistics> {
    const scope = await this.scope(request);
    const [totals, perDay, perArea, summaries, buckets, slaBreaches] = await Promise.all([
      this.tasks.totals(scope),
      this.tasks.perDay(scope),
      this.tasks.perArea(scope),
      this.tasks.durationSummaries(scope),
      this.tasks.durationBuckets(scope),
      this.tasks.slaBreaches(scope),
    ]);
    const durations = Object.fromEntries(
      DURATION_KINDS.map((kind) => [kind, distribution(kind, summaries, buckets)]),
    ) as Record<DurationKind, DurationDistribution>;
    return {
      ...echo(scope),
      timeZone: STATISTICS_TIME_ZONE,
      totals,
      perDay,
      perArea,
      durations,
      slaBreaches,
    };
  }

  async officerStatistics(request: StatisticsRequest): Promise<OfficerStatistics> {
    const scope = await this.scope(request);
    return {
      ...echo(scope),
      method: {
        maxAccuracyMetres: DISTANCE_METHOD.maxAccuracyMetres,
        windowSeconds: DISTANCE_METHOD.windowSeconds,
        description:
          `Outliers and fixes less accurate than ${DISTANCE_METHOD.maxAccuracyMetres} m are left out; ` +
          `the rest are averaged per ${DISTANCE_METHOD.windowSeconds} s, and a step between two ` +
          'averages counts only when it is longer than their combined accuracy (GPS jitter is not travel).',
      },
      officers: await this.officerStats.officers(scope),
    };
  }

  private async scope(request: StatisticsRequest): Promise<TaskScope> {
    const fromMs = Date.parse(request.from);
    const toMs = Date.parse(request.to);
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
      throw new BadRequestError('from and to must be date-times, e.g. 2026-11-01T00:00:00+08:00.');
    }
    if (toMs <= fromMs) throw new BadRequestError('to must be after from.');
    if (toMs - fromMs > MAX_STATISTICS_RANGE_DAYS * 86_400_000) {
      throw new BadRequestError(
        `The range may span at most ${MAX_STATISTICS_RANGE_DAYS} days; ask for a shorter one.`,
      );
    }
    const areaId = request.areaId ?? null;
    if (areaId !== null && !(await this.tasks.areaExists(areaId))) {
      throw new NotFoundError(`No grid area with id ${areaId}.`);
    }
    return { fromMs, toMs, areaId };
  }
}

function echo(scope: TaskScope) {
  return {
    from: new Date(scope.fromMs).toISOString(),
    to: new Date(scope.toMs).toISOString(),
    areaId: scope.areaId,
  };
}

/** Summary and histogram of one kind of duration, with every bucket (zeros too). */
export function distribution(
  kind: DurationKind,
  summaries: readonly DurationSummaryRow[],
  buckets: readonly DurationBucketRow[],
): DurationDistribution {
  const summary = summaries.find((row) => row.kind === kind);
  const counts = new Map(buckets.filter((row) => row.kind === kind).map((row) => [row.bucket, row.count]));
  const edges = [0, ...DURATION_BUCKET_EDGES];
  return {
    count: summary?.count ?? 0,
    p50: summary?.p50 ?? null,
    p90: summary?.p90 ?? null,
    max: summary?.max ?? null,
    buckets: edges.map((fromSeconds, index) => ({
      fromSeconds,
      toSeconds: DURATION_BUCKET_EDGES[index] ?? null,
      count: counts.get(index) ?? 0,
    })),
  };
}
