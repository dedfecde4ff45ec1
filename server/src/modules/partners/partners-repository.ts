// Partners and their webhook subscriptions. Writes run in the caller's transaction so that each
// change commits with its audit row. These tables are not in the drizzle schema: plain SQL.
import type { Partner, PartnerScope, Webhook } from '@fcc/shared';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { isoTimestamp } from '../../db/iso-timestamp';

const PARTNER_COLUMNS = sql.raw(`p.id, p.name, p.scopes, p.key_hint AS "keyHint",
  ${isoTimestamp('p.created_at')} AS "createdAt", ${isoTimestamp('p.revoked_at')} AS "revokedAt"`);

const WEBHOOK_COLUMNS = sql.raw(`w.id, w.partner_id AS "partnerId", w.url, w.events, w.active,
  ${isoTimestamp('w.created_at')} AS "createdAt"`);

/** The holder of an API key, as authentication needs it. */
export type PartnerKeyHolder = {
  id: string;
  name: string;
  scopes: PartnerScope[];
  revoked: boolean;
};

export class PartnersRepository {
  constructor(private readonly db: Database) {}

  async insert(
    executor: Executor,
    partner: { name: string; scopes: readonly PartnerScope[]; keyHash: Buffer; keyHint: string },
  ): Promise<Partner> {
    const { rows } = await executor.execute<Partner>(sql`
      WITH p AS (
        INSERT INTO partners (name, scopes, key_hash, key_hint)
        VALUES (${partner.name}, ${sql.param(partner.scopes)}::text[], ${partner.keyHash}, ${partner.keyHint})
        RETURNING *
      ) SELECT ${PARTNER_COLUMNS} FROM p`);
    return rows[0]!;
  }

  async list(): Promise<Partner[]> {
    const { rows } = await this.db.execute<Partner>(
      sql`SELECT ${PARTNER_COLUMNS} FROM partners p ORDER BY p.created_at, p.id`,
    );
    return rows;
  }

  /** Share-locked: inside a transaction, the partner cannot be revoked until it ends. */
  async find(executor: Executor, id: string): Promise<Partner | undefined> {
    const { rows } = await executor.execute<Partner>(
      sql`SELECT ${PARTNER_COLUMNS} FROM partners p WHERE p.id = ${id} FOR SHARE`,
    );
    return rows[0];
  }

  async findByKeyHash(keyHash: Buffer): Promise<PartnerKeyHolder | undefined> {
    const { rows } = await this.db.execute<PartnerKeyHolder>(sql`
      SELECT id, name, scopes, revoked_at IS NOT NULL AS revoked FROM partners WHERE key_hash = ${keyHash}`);
    return rows[0];
  }

  /** Revokes the key and ends the partner's webhooks; undefined when it was not active. */
  async revoke(executor: Executor, id: string): Promise<Partner | undefined> {
    const { rows } = await executor.execute<Partner>(sql`
      WITH p AS (UPDATE partners SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL RETURNING *)
      SELECT ${PARTNER_COLUMNS} FROM p`);
    if (rows.length > 0) await this.deactivateWebhooks(executor, sql`partner_id = ${id}`, 'partner revoked');
    return rows[0];
  }

  async insertWebhook(
    executor: Executor,
    webhook: { partnerId: string; url: string; secret: string; events: readonly string[] },
  ): Promise<Webhook> {
    const { rows } = await executor.execute<Webhook>(sql`
      WITH w AS (
        INSERT INTO webhook_subscriptions (partner_id, url, secret, events)
        VALUES (${webhook.partnerId}, ${webhook.url}, ${webhook.secret}, ${sql.param(webhook.events)}::text[])
        RETURNING *
      ) SELECT ${WEBHOOK_COLUMNS} FROM w`);
    return rows[0]!;
  }

  async listWebhooks(partnerId: string): Promise<Webhook[]> {
    const { rows } = await this.db.execute<Webhook>(sql`
      SELECT ${WEBHOOK_COLUMNS} FROM webhook_subscriptions w
      WHERE w.partner_id = ${partnerId} ORDER BY w.created_at, w.id`);
    return rows;
  }

  /** Ends a webhook; undefined when the partner has no such active webhook. */
  async deleteWebhook(
    executor: Executor,
    partnerId: string,
    webhookId: string,
  ): Promise<Webhook | undefined> {
    const deactivated = await this.deactivateWebhooks(
      executor,
      sql`partner_id = ${partnerId} AND id = ${webhookId}`,
      'webhook deleted',
    );
    return deactivated[0];
  }

  /**
   * Marks webhooks inactive, then gives up their pending deliveries. Two statements: the
   * second must see deliveries queued by a publish that held the subscription row until now.
   */
  private async deactivateWebhooks(executor: Executor, which: ReturnType<typeof sql>, reason: string) {
    const { rows } = await executor.execute<Webhook>(sql`
      WITH w AS (UPDATE webhook_subscriptions SET active = false WHERE ${which} AND active RETURNING *)
      SELECT ${WEBHOOK_COLUMNS} FROM w`);
    if (rows.length === 0) return rows;
    await executor.execute(sql`
      UPDATE webhook_deliveries SET failed_at = now(), last_error = ${reason}
      WHERE subscription_id IN ${rows.map((row) => row.id)} AND delivered_at IS NULL AND failed_at IS NULL`);
    return rows;
  }
}
