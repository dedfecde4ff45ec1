// Alerts rows; the wire shape is built by the query.
import type { Alert, AlertKind, AlertSeverity } from '@fcc/shared';
import type pg from 'pg';
import { isoTimestamp } from '../../db/iso-timestamp';

const ALERT_COLUMNS = `
  a.id, a.kind, a.severity, a.officer_id AS "officerId", a.device_id AS "deviceId", a.message, a.data,
  ST_Y(a.location) AS lat, ST_X(a.location) AS lon, ${isoTimestamp('a.raised_at')} AS "raisedAt",
  ${isoTimestamp('a.acknowledged_at')} AS "acknowledgedAt", ${isoTimestamp('a.resolved_at')} AS "resolvedAt"`;

export interface NewAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  officerId: string | null;
  deviceId: string | null;
  message: string;
  data: Record<string, unknown>;
  location: { lat: number; lon: number } | null;
}

export class AlertsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async insert(alert: NewAlert): Promise<Alert> {
    const { rows } = await this.pool.query<Alert>(
      `WITH inserted AS (
         INSERT INTO alerts (kind, severity, officer_id, device_id, message, data, location)
         VALUES ($1, $2, $3, $4, $5, $6,
                 CASE WHEN $7::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($8, $7), 4326) END)
         RETURNING *
       ) SELECT ${ALERT_COLUMNS} FROM inserted a`,
      [
        alert.kind,
        alert.severity,
        alert.officerId,
        alert.deviceId,
        alert.message,
        alert.data,
        alert.location?.lat ?? null,
        alert.location?.lon ?? null,
      ],
    );
    return rows[0]!;
  }

  /** Marks an officer's unresolved alerts of one kind as resolved; returns them. */
  async resolve(officerId: string, kind: AlertKind): Promise<Alert[]> {
    const { rows } = await this.pool.query<Alert>(
      `WITH resolved AS (
         UPDATE alerts SET resolved_at = now()
         WHERE officer_id = $1 AND kind = $2 AND resolved_at IS NULL RETURNING *
       ) SELECT ${ALERT_COLUMNS} FROM resolved a`,
      [officerId, kind],
    );
    return rows;
  }

  async acknowledge(id: string, userId: string): Promise<Alert | undefined> {
    const { rows } = await this.pool.query<Alert>(
      `WITH updated AS (
         UPDATE alerts SET acknowledged_at = coalesce(acknowledged_at, now()),
                           acknowledged_by = coalesce(acknowledged_by, $2)
         WHERE id = $1 RETURNING *
       ) SELECT ${ALERT_COLUMNS} FROM updated a`,
      [id, userId],
    );
    return rows[0];
  }

  async list({ open, limit }: { open: boolean; limit: number }): Promise<Alert[]> {
    const { rows } = await this.pool.query<Alert>(
      `SELECT ${ALERT_COLUMNS} FROM alerts a
       WHERE NOT $1 OR (a.acknowledged_at IS NULL AND a.resolved_at IS NULL)
       ORDER BY a.raised_at DESC LIMIT $2`,
      [open, limit],
    );
    return rows;
  }

  /**
   * On-duty officers (not off duty, and on shift now when they have a roster at all) whose latest
   * fix is older than the cut-off and who have no open silent alert.
   */
  async silentOfficers(
    silentSinceMs: number,
    nowMs: number,
  ): Promise<
    Array<{ officerId: string; deviceId: string; name: string; lastFix: string; lat: number; lon: number }>
  > {
    const { rows } = await this.pool.query(
      `SELECT l.officer_id AS "officerId", l.device_id AS "deviceId", o.name,
              ${isoTimestamp('l.fix_time')} AS "lastFix", ST_Y(l.geom) AS lat, ST_X(l.geom) AS lon
       FROM latest_positions l JOIN officers o ON o.id = l.officer_id
       WHERE o.status <> 'off_duty' AND l.fix_time < to_timestamp($1 / 1000.0)
         AND (EXISTS (SELECT 1 FROM duty_shifts s WHERE s.officer_id = o.id
                        AND s.starts_at <= to_timestamp($2 / 1000.0) AND s.ends_at > to_timestamp($2 / 1000.0))
              OR NOT EXISTS (SELECT 1 FROM duty_shifts s WHERE s.officer_id = o.id))
         AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.officer_id = l.officer_id
                           AND a.kind = 'device-silent' AND a.resolved_at IS NULL)`,
      [silentSinceMs, nowMs],
    );
    return rows;
  }

  /** Whether an unresolved alert of this kind carries data[key] = value (e.g. the same recording). */
  async hasOpenWith(kind: AlertKind, key: string, value: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM alerts WHERE kind = $1 AND resolved_at IS NULL AND data ->> $2 = $3 LIMIT 1`,
      [kind, key, value],
    );
    return rows.length > 0;
  }

  async officersWithOpen(kind: AlertKind): Promise<string[]> {
    const { rows } = await this.pool.query<{ officerId: string }>(
      `SELECT DISTINCT officer_id AS "officerId" FROM alerts
       WHERE kind = $1 AND resolved_at IS NULL AND officer_id IS NOT NULL`,
      [kind],
    );
    return rows.map((row) => row.officerId);
  }
}
