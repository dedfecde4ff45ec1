// Who should take a task: officers available and on duty, those responsible for the task's cell
// or area first, then the nearest by straight-line distance (KNN on the latest positions' GiST
// index), never by a fix older than the staleness limit.
import type { Recommendation } from '@fcc/shared';
import type pg from 'pg';

export interface RecommendationRequest {
  location: { lat: number; lon: number };
  areaId: string | null;
  cellId: string | null;
  limit: number;
  staleAfterSeconds: number;
  excludeOfficerIds?: readonly string[];
}

/** How many more than asked each branch pre-selects by the planar index before ranking in metres. */
const KNN_MARGIN = 3;

/** The task's location ($1 lat, $2 lon). */
const POINT = 'ST_SetSRID(ST_MakePoint($2, $1), 4326)';

const CANDIDATE = `
  o.status = 'available'
  AND EXISTS (SELECT 1 FROM duty_shifts s WHERE s.officer_id = o.id AND s.starts_at <= now() AND s.ends_at > now())
  AND lp.fix_time > now() - make_interval(secs => $4)
  AND NOT (o.id = ANY($5::uuid[]))`;

export class RecommendationsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async recommend(request: RecommendationRequest): Promise<Recommendation[]> {
    // Each branch walks the GiST index nearest first (KNN needs the point written inline, not
    // joined from a CTE, or PostgreSQL sorts every officer) and takes a margin over the limit,
    // so that ranking by true distance in metres afterwards cannot miss anyone.
    const { rows } = await this.pool.query<Recommendation>(
      `WITH responsible AS (
         SELECT o.id, lp.geom, lp.fix_time, true AS responsible
         FROM latest_positions lp JOIN officers o ON o.id = lp.officer_id
         WHERE ${CANDIDATE}
           AND (o.area_id = $6 OR EXISTS (SELECT 1 FROM officer_cells oc WHERE oc.officer_id = o.id AND oc.cell_id = $7))
         ORDER BY lp.geom <-> ${POINT} LIMIT $3 * ${KNN_MARGIN}
       ),
       nearest AS (
         SELECT o.id, lp.geom, lp.fix_time, false AS responsible
         FROM latest_positions lp JOIN officers o ON o.id = lp.officer_id
         WHERE ${CANDIDATE}
         ORDER BY lp.geom <-> ${POINT} LIMIT $3 * ${KNN_MARGIN}
       ),
       candidates AS (
         SELECT DISTINCT ON (c.id) c.*, ST_Distance(c.geom::geography, ${POINT}::geography) AS metres
         FROM (SELECT * FROM responsible UNION ALL SELECT * FROM nearest) c
         ORDER BY c.id, c.responsible DESC
       )
       SELECT c.id AS "officerId", o.name, o.badge_no AS "badgeNo", c.responsible,
              round(c.metres)::float8 AS "distanceMetres",
              round(extract(epoch FROM now() - c.fix_time))::float8 AS "lastFixAgeSeconds"
       FROM candidates c JOIN officers o ON o.id = c.id
       ORDER BY c.responsible DESC, c.metres
       LIMIT $3`,
      [
        request.location.lat,
        request.location.lon,
        request.limit,
        request.staleAfterSeconds,
        request.excludeOfficerIds ?? [],
        request.areaId,
        request.cellId,
      ],
    );
    return rows;
  }
}
