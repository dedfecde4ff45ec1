// webhook_deliveries: the outgoing queue and, once handled, the delivery log.
import type { WebhookDelivery, WebhookDeliveryStatus } from '@fcc/shared';
import type pg from 'pg';
import { isoTimestamp } from '../../db/iso-timestamp';

/** A delivery claimed for sending, with where and how to send it. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  eventType: string;
  payload: unknown;
  occurredAt: string;
  /** Attempts made before this one. */
  attempts: number;
  url: string;
  secret: string;
}

const STATUS = `CASE WHEN d.delivered_at IS NOT NULL THEN 'delivered'
                     WHEN d.failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END`;

const PENDING = 'd.delivered_at IS NULL AND d.failed_at IS NULL';

export class WebhookDeliveriesRepository {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * One delivery per active subscription whose patterns match the type ("alert.raised" or
   * "alert.*"); returns how many. The subscriptions are locked in share mode so that a webhook
   * deleted meanwhile either gets this delivery abandoned with it or never gets it.
   */
  async enqueue(eventId: string, type: string, data: unknown): Promise<number> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload)
       SELECT s.id, $1, $2, $3::jsonb FROM webhook_subscriptions s
       WHERE s.active AND EXISTS (
         SELECT 1 FROM unnest(s.events) AS pattern
         WHERE pattern = $2 OR (pattern LIKE '%.*' AND starts_with($2, left(pattern, -1))))
       FOR SHARE OF s`,
      [eventId, type, JSON.stringify(data ?? null)],
    );
    return rowCount ?? 0;
  }

  /**
   * Takes up to `limit` due deliveries and pushes their due time out by the lease, so that no
   * other server node takes them while they are being sent; one left by a crash is due again
   * when its lease ends. SKIP LOCKED: nodes claiming at the same moment take different rows.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await this.pool.query<ClaimedDelivery>(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
         WHERE ${PENDING} AND d.next_attempt_at <= now()
         ORDER BY d.next_attempt_at LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d SET next_attempt_at = now() + $2::float8 * interval '1 millisecond'
       FROM due, webhook_subscriptions s
       WHERE d.id = due.id AND s.id = d.subscription_id
       RETURNING d.id, d.event_id AS "eventId", d.event_type AS "eventType", d.payload,
                 ${isoTimestamp('d.created_at')} AS "occurredAt", d.attempts, s.url, s.secret`,
      [limit, leaseMs],
    );
    return rows;
  }

  async recordDelivered(id: string, statusCode: number): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_deliveries d
       SET attempts = attempts + 1, delivered_at = now(), last_status_code = $2, last_error = NULL
       WHERE d.id = $1 AND ${PENDING}`,
      [id, statusCode],
    );
  }

  /** A failed attempt: retried after `retryInMs`, or given up when that is null. */
  async recordFailedAttempt(
    id: string,
    failure: { statusCode: number | null; error: string; retryInMs: number | null },
  ): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_deliveries d
       SET attempts = attempts + 1, last_status_code = $2, last_error = $3,
           next_attempt_at = CASE WHEN $4::float8 IS NULL THEN next_attempt_at
                                  ELSE now() + $4::float8 * interval '1 millisecond' END,
           failed_at = CASE WHEN $4::float8 IS NULL THEN now() END
       WHERE d.id = $1 AND ${PENDING}`,
      [id, failure.statusCode, failure.error.slice(0, 1000), failure.retryInMs],
    );
  }

  /** A partner's delivery log, newest first. */
  async listOfPartner(
    partnerId: string,
    filter: { status?: WebhookDeliveryStatus; limit: number },
  ): Promise<WebhookDelivery[]> {
    const { rows } = await this.pool.query<WebhookDelivery>(
      `SELECT d.id, d.subscription_id AS "webhookId", d.event_id AS "eventId", d.event_type AS "eventType",
              ${STATUS} AS status, d.attempts,
              CASE WHEN ${PENDING} THEN ${isoTimestamp('d.next_attempt_at')} END AS "nextAttemptAt",
              d.last_status_code AS "lastStatusCode", d.last_error AS "lastError",
              ${isoTimestamp('d.created_at')} AS "createdAt", ${isoTimestamp('d.delivered_at')} AS "deliveredAt",
              ${isoTimestamp('d.failed_at')} AS "failedAt"
       FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE s.partner_id = $1 AND ($2::text IS NULL OR ${STATUS} = $2)
       ORDER BY d.created_at DESC, d.id LIMIT $3`,
      [partnerId, filter.status ?? null, filter.limit],
    );
    return rows;
  }
}
