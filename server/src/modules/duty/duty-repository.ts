// Shifts and cell responsibility in PostgreSQL.
import type { OnDutyOfficer } from '@fcc/shared';
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
