// Spot-check draws as recorded for publication: the seed, the rules, the pools drawn from and
// who was sent where; the tasks they became are found by the draw's id.
import type { SpotCheckDraw, SpotCheckRules } from '@fcc/shared';
import type pg from 'pg';

export type TargetPool = SpotCheckDraw['pools']['targets'];
export type OfficerPool = SpotCheckDraw['pools']['officers'];

export interface StoredAssignment {
  targetId: string;
  targetName: string;
  officerIds: string[];
  officerNames: string[];
}

export interface NewDraw {
  seed: string;
  rules: SpotCheckRules;
  pools: SpotCheckDraw['pools'];
  assignments: StoredAssignment[];
  createdBy: string | null;
}

const DRAW_COLUMNS = `d.id, d.seed, d.rules, d.result -> 'pools' AS pools,
  coalesce((SELECT json_agg(a || jsonb_build_object('taskId',
              (SELECT t.id FROM tasks t WHERE t.spot_check_draw_id = d.id
                 AND t.inspection_target_id = (a ->> 'targetId')::uuid LIMIT 1)) ORDER BY ord)
            FROM jsonb_array_elements(d.result -> 'assignments') WITH ORDINALITY AS x(a, ord)), '[]') AS assignments,
  u.username AS "createdBy",
  to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;

export class SpotChecksRepository {
  constructor(private readonly pool: pg.Pool) {}

  /** Active targets matching the rules, with the area each lies in. */
  async targetPool(rules: SpotCheckRules): Promise<TargetPool> {
    const { rows } = await this.pool.query<TargetPool[number]>(
      `SELECT id, name, area_id AS "areaId" FROM inspection_targets
       WHERE active AND ($1::text IS NULL OR category = $1) AND ($2::uuid[] IS NULL OR area_id = ANY($2))
       ORDER BY id`,
      [rules.targetCategory ?? null, rules.areaIds ?? null],
    );
    return rows;
  }

  /** Officers who may inspect, each with the areas they answer for (their own and their cells'). */
  async officerPool(onDutyOnly: boolean): Promise<OfficerPool> {
    const { rows } = await this.pool.query<OfficerPool[number]>(
      `SELECT o.id, o.name,
              array_remove(array(SELECT DISTINCT a FROM unnest(array_append(
                array(SELECT c.area_id FROM officer_cells oc JOIN grid_cells c ON c.id = oc.cell_id
                      WHERE oc.officer_id = o.id), o.area_id)) AS a ORDER BY a), NULL)::text[] AS "areaIds"
       FROM officers o
       WHERE NOT $1::boolean OR EXISTS (SELECT 1 FROM duty_shifts s WHERE s.officer_id = o.id
                                          AND s.starts_at <= now() AND s.ends_at > now())
       ORDER BY o.id`,
      [onDutyOnly],
    );
    return rows;
  }

  async insert(draw: NewDraw): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO spot_check_draws (seed, rules, result, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [
        draw.seed,
        JSON.stringify(draw.rules),
        JSON.stringify({ pools: draw.pools, assignments: draw.assignments }),
        draw.createdBy,
      ],
    );
    return rows[0]!.id;
  }

  async find(id: string): Promise<SpotCheckDraw | undefined> {
    const { rows } = await this.pool.query<SpotCheckDraw>(
      `SELECT ${DRAW_COLUMNS} FROM spot_check_draws d LEFT JOIN users u ON u.id = d.created_by WHERE d.id = $1`,
      [id],
    );
    return rows[0];
  }

  async list(limit: number): Promise<SpotCheckDraw[]> {
    const { rows } = await this.pool.query<SpotCheckDraw>(
      `SELECT ${DRAW_COLUMNS} FROM spot_check_draws d LEFT JOIN users u ON u.id = d.created_by
       ORDER BY d.created_at DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }
}
