// Shifts and cell responsibility in PostgreSQL.
import type { OnDutyOfficer, Shift } from '@fcc/shared';
import type pg from 'pg';
import { isoTimestamp } from '../../db/iso-timestamp';
import { withTransaction } from '../../db/transaction';

export class DutyRepository {
  constructor(private readonly pool: pg.Pool) {}

  async addShift(officerId: string, startsAt: string, endsAt: string): Promise<{ id: string }> {
    const { rows } = await this.pool.query<{ id: string }>(
      'INSERT INTO duty_shifts (officer_id, starts_at, ends_at) VALUES ($1, $2, $3) RETURNING id',
      [officerId, startsAt, endsAt],
    );
    return rows[0]!;
  }

  async deleteShift(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM duty_shifts WHERE id = $1', [id]);
    return rowCount === 1;
  }

  /** Shifts overlapping [from, to), earliest first. */
  async listShifts(fromMs: number, toMs: number, officerId: string | null): Promise<Shift[]> {
    const { rows } = await this.pool.query<Shift>(
      `SELECT s.id, s.officer_id AS "officerId", o.name AS "officerName", o.badge_no AS "badgeNo",
              ${isoTimestamp('s.starts_at')} AS "startsAt", ${isoTimestamp('s.ends_at')} AS "endsAt"
       FROM duty_shifts s JOIN officers o ON o.id = s.officer_id
       WHERE s.starts_at < to_timestamp($2 / 1000.0) AND s.ends_at > to_timestamp($1 / 1000.0)
         AND ($3::uuid IS NULL OR s.officer_id = $3::uuid)
       ORDER BY s.starts_at, o.badge_no
       LIMIT 2000`,
      [fromMs, toMs, officerId],
    );
    return rows;
  }

  /**
   * Ends a shift that is under way now (an officer going off duty early). Answers what the
   * shift was when it is not under way, so the caller can say why nothing changed.
   */
  async endShiftNow(id: string): Promise<'ended' | 'not-started' | 'already-ended' | 'missing'> {
    const { rows } = await this.pool.query<{ state: 'ended' | 'not-started' | 'already-ended' }>(
      `WITH target AS (SELECT id, starts_at, ends_at FROM duty_shifts WHERE id = $1 FOR UPDATE),
       ended AS (UPDATE duty_shifts s SET ends_at = now() FROM target
                 WHERE s.id = target.id AND target.starts_at < now() AND target.ends_at > now() RETURNING s.id)
       SELECT CASE WHEN EXISTS (SELECT 1 FROM ended) THEN 'ended'
                   WHEN starts_at >= now() THEN 'not-started' ELSE 'already-ended' END AS state
       FROM target`,
      [id],
    );
    return rows[0]?.state ?? 'missing';
  }

  async replaceCells(officerId: string, cellIds: readonly string[]): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM officer_cells WHERE officer_id = $1', [officerId]);
      await client.query('INSERT INTO officer_cells (officer_id, cell_id) SELECT $1, unnest($2::uuid[])', [
        officerId,
        cellIds,
      ]);
    });
  }

  /** Officers whose shift covers now, with their status and the age of their last fix. */
  async onDutyNow(): Promise<OnDutyOfficer[]> {
    const { rows } = await this.pool.query<OnDutyOfficer>(
      `SELECT o.id AS "officerId", o.name, o.badge_no AS "badgeNo", o.status::text, o.area_id AS "areaId",
              coalesce((SELECT array_agg(cell_id) FROM officer_cells WHERE officer_id = o.id), '{}') AS "cellIds",
              ${isoTimestamp('max(s.ends_at)')} AS "shiftEndsAt",
              round(extract(epoch FROM now() - lp.fix_time))::float8 AS "lastFixAgeSeconds"
       FROM duty_shifts s JOIN officers o ON o.id = s.officer_id
       LEFT JOIN latest_positions lp ON lp.officer_id = o.id
       WHERE s.starts_at <= now() AND s.ends_at > now()
       GROUP BY o.id, lp.fix_time ORDER BY o.badge_no`,
    );
    return rows;
  }
}
