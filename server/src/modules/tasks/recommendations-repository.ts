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

const CANDIDATE = `
  o.status = 'available'
  AND EXISTS (SELECT 1 FROM duty_shifts s WHERE s.officer_id = o.id AND s.starts_at <= now() AND s.ends_at > now())
  AND lp.fix_time > now() - make_interval(secs => $4)
  AND NOT (o.id = ANY($5::uuid[]))`;

export class RecommendationsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async recommend(request: RecommendationRequest): Promise<Recommendation[]> {
    const { rows } = await this.pool.query<Recommendation>(
      `WITH point AS (SELECT ST_SetSRID(ST_MakePoint($2, $1), 4326) AS geom),
       responsible AS (
         SELECT o.id, lp.geom, lp.fix_time, true AS responsible FROM officers o
         JOIN latest_positions lp ON lp.officer_id = o.id
         WHERE ${CANDIDATE}
           AND (o.area_id = $6 OR EXISTS (SELECT 1 FROM officer_cells oc WHERE oc.officer_id = o.id AND oc.cell_id = $7))
       ),
       nearest AS (
         SELECT o.id, lp.geom, lp.fix_time, false AS responsible FROM latest_positions lp
         JOIN officers o ON o.id = lp.officer_id, point p
         WHERE ${CANDIDATE}
         ORDER BY lp.geom <-> p.geom LIMIT $3
       ),
       candidates AS (
         SELECT DISTINCT ON (id) * FROM (SELECT * FROM responsible UNION ALL SELECT * FROM nearest) c
         ORDER BY id, responsible DESC
       )
       SELECT c.id AS "officerId", o.name, o.badge_no AS "badgeNo", c.responsible,
              round(ST_Distance(c.geom::geography, p.geom::geography))::float8 AS "distanceMetres",
              round(extract(epoch FROM now() - c.fix_time))::float8 AS "lastFixAgeSeconds"
       FROM candidates c JOIN officers o ON o.id = c.id, point p
       ORDER BY c.responsible DESC, ST_Distance(c.geom::geography, p.geom::geography)
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
