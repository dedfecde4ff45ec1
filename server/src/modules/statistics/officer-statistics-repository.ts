// Officers' distance travelled (from their tracks) and time on duty (from their shifts), in SQL,
// so a month of 1 Hz fixes is reduced where it lies instead of crossing the wire.
import { POSITION_FLAGS, type OfficerStatisticsRow } from '@fcc/shared';
import type pg from 'pg';
import type { TaskScope } from './task-statistics-repository';

export interface DistanceMethod {
  /** Fixes whose stated accuracy is worse than this are ignored. */
  maxAccuracyMetres: number;
  /** Fixes are averaged per officer in windows of this many seconds. */
  windowSeconds: number;
  /** The accuracy assumed for a fix that states none (some trackers omit it). */
  assumedAccuracyMetres: number;
}

/**
 * Summing raw fix-to-fix distances counts GPS jitter as travel: a standing officer with a few
 * metres of noise "walks" kilometres a day. So: outliers and fixes with poor accuracy are left
 * out; the rest are averaged per window (which also makes the sum independent of the fix rate);
 * and a step from one window's mean to the next counts only when it is longer than the two
 * windows' combined accuracy, √(a² + b²); shorter steps are noise.
 */
export const DISTANCE_METHOD: DistanceMethod = {
  maxAccuracyMetres: 50,
  windowSeconds: 15,
  assumedAccuracyMetres: 10,
};

export class OfficerStatisticsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async officers(
    scope: TaskScope,
    method: DistanceMethod = DISTANCE_METHOD,
  ): Promise<OfficerStatisticsRow[]> {
    const { rows } = await this.pool.query<OfficerStatisticsRow>(
      `WITH range AS (SELECT to_timestamp($1 / 1000.0) AS lo, to_timestamp($2 / 1000.0) AS hi),
       scoped_officers AS (SELECT o.* FROM officers o WHERE $3::uuid IS NULL OR o.area_id = $3::uuid),
       fixes AS (
         SELECT p.officer_id, p.geom, p.fix_time, coalesce(p.accuracy, $6) AS accuracy,
                (p.flags & ${POSITION_FLAGS.outlier} = 0 AND (p.accuracy IS NULL OR p.accuracy <= $4)) AS good
         FROM positions p JOIN scoped_officers o ON o.id = p.officer_id, range
         WHERE p.fix_time >= range.lo AND p.fix_time < range.hi),
       windows AS (
         SELECT officer_id, floor(extract(epoch FROM fix_time) / $5) AS w,
                avg(ST_X(geom)) AS lon, avg(ST_Y(geom)) AS lat, avg(accuracy) AS accuracy
         FROM fixes WHERE good GROUP BY 1, 2),
       steps AS (
         SELECT officer_id, accuracy, lag(accuracy) OVER track AS previous_accuracy,
                ST_DistanceSphere(ST_MakePoint(lon, lat), ST_MakePoint(lag(lon) OVER track, lag(lat) OVER track)) AS metres
         FROM windows WINDOW track AS (PARTITION BY officer_id ORDER BY w)),
       travelled AS (
         SELECT officer_id, sum(metres) FILTER (WHERE metres > sqrt(accuracy ^ 2 + previous_accuracy ^ 2)) AS metres
         FROM steps GROUP BY 1),
       counted AS (
         SELECT officer_id, count(*) FILTER (WHERE good)::int AS used, count(*) FILTER (WHERE NOT good)::int AS ignored
         FROM fixes GROUP BY 1),
       -- Overlapping shifts count once; only the part inside the range and not in the future.
       on_duty AS (
         SELECT officer_id, sum(extract(epoch FROM upper(part) - lower(part))) AS seconds
         FROM (SELECT s.officer_id,
                      unnest(range_agg(tstzrange(greatest(s.starts_at, range.lo), least(s.ends_at, range.hi, now())))) AS part
               FROM duty_shifts s JOIN scoped_officers o ON o.id = s.officer_id, range
               WHERE greatest(s.starts_at, range.lo) < least(s.ends_at, range.hi, now())
               GROUP BY s.officer_id) merged
         GROUP BY 1),
       assigned AS (
         SELECT ta.officer_id, count(DISTINCT ta.task_id)::int AS tasks
         FROM task_assignments ta JOIN scoped_officers o ON o.id = ta.officer_id, range
         WHERE ta.assigned_at >= range.lo AND ta.assigned_at < range.hi GROUP BY 1)
       SELECT o.id AS "officerId", o.badge_no AS "badgeNo", o.name, o.area_id AS "areaId", a.name AS "areaName",
              round(coalesce(t.metres, 0))::int AS "distanceMetres",
              coalesce(c.used, 0) AS "fixesUsed", coalesce(c.ignored, 0) AS "fixesIgnored",
              round(coalesce(d.seconds, 0))::int AS "onDutySeconds", coalesce(n.tasks, 0) AS "tasksAssigned"
       FROM scoped_officers o
       LEFT JOIN grid_areas a ON a.id = o.area_id
       LEFT JOIN travelled t ON t.officer_id = o.id
       LEFT JOIN counted c ON c.officer_id = o.id
       LEFT JOIN on_duty d ON d.officer_id = o.id
       LEFT JOIN assigned n ON n.officer_id = o.id
       ORDER BY o.badge_no`,
      [
        scope.fromMs,
        scope.toMs,
        scope.areaId,
        method.maxAccuracyMetres,
        method.windowSeconds,
        method.assumedAccuracyMetres,
      ],
    );
    return rows;
  }
}
