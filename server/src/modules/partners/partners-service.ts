// Administering partners: issuing and revoking API keys, subscribing and removing webhooks,
// reading the delivery log. Each change commits together with its audit row, or not at all.
import type {
  Partner,
  PartnerCreateBody,
  PartnerCreated,
  Webhook,
  WebhookCreateBody,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryQuery,
} from '@fcc/shared';
import { randomBytes } from 'node:crypto';
import type { Database, Executor } from '../../db/client';
import { isUniqueViolation } from '../../db/pg-errors';
import { ConflictError, NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import { newToken } from '../auth/tokens';
import type { PartnersRepository } from './partners-repository';
import type { WebhookDeliveriesRepository } from './webhook-deliveries-repository';

/** Enough of the key to tell two apart in a list, far too little to guess the rest. */
const KEY_HINT_LENGTH = 10;

export class PartnersService {
  constructor(
    private readonly db: Database,
    private readonly partners: PartnersRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Partner[]> {
    return this.partners.list();
  }

  /** The key is returned only here; only its hash is stored. */
  async create(actor: AuditActor, body: PartnerCreateBody): Promise<PartnerCreated> {
    const { token, hash } = newToken('partner');
    try {
      return await this.db.transaction(async (tx) => {
        const partner = await this.partners.insert(tx, {
          name: body.name,
          scopes: body.scopes,
          keyHash: hash,
          keyHint: token.slice(0, KEY_HINT_LENGTH),
        });
        await this.audit.record(tx, actor, {
          action: 'partner.created',
          targetType: 'partner',
          targetId: partner.id,
          details: { name: partner.name, scopes: partner.scopes },
        });
        return { partner, key: token };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `A partner named "${body.name}" exists; revoke it first or choose another name.`,
        );
      }
      throw error;
    }
  }

  /** Revoking twice changes nothing the second time. */
  async revoke(actor: AuditActor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const revoked = await this.partners.revoke(tx, id);
      if (!revoked) {
        await this.existing(tx, id); // 404 unless it is only revoked already
        return;
      }
      await this.audit.record(tx, actor, {
        action: 'partner.revoked',
        targetType: 'partner',
        targetId: id,
        details: { name: revoked.name },
      });
    });
  }

  /** The signing secret is returned only here. */
  async createWebhook(
    actor: AuditActor,
    partnerId: string,
    body: WebhookCreateBody,
  ): Promise<WebhookCreated> {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    return this.db.transaction(async (tx) => {
      const partner = await this.existing(tx, partnerId);
      if (partner.revokedAt)
        throw new ConflictError(`Partner "${partner.name}" is revoked; it gets no webhooks.`);
      const webhook = await this.partners.insertWebhook(tx, {
        partnerId,
        url: body.url,
        secret,
        events: body.events,
      });
      await this.audit.record(tx, actor, {
        action: 'partner.webhook-created',
        targetType: 'webhook',
        targetId: webhook.id,
        details: { partnerId, url: webhook.url, events: webhook.events },
      });
      return { webhook, secret };
    });
  }

  async webhooks(partnerId: string): Promise<Webhook[]> {
    await this.existing(this.db, partnerId);
    return this.partners.listWebhooks(partnerId);
  }

  /** Its pending deliveries are given up; the log keeps them. */
  async deleteWebhook(actor: AuditActor, partnerId: string, webhookId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const webhook = await this.partners.deleteWebhook(tx, partnerId, webhookId);
      if (!webhook) throw new NotFoundError(`Partner ${partnerId} has no active webhook ${webhookId}.`);
      await this.audit.record(tx, actor, {
        action: 'partner.webhook-deleted',
        targetType: 'webhook',
        targetId: webhookId,
        details: { partnerId, url: webhook.url },
      });
    });
  }

  async deliveryLog(partnerId: string, query: WebhookDeliveryQuery): Promise<WebhookDelivery[]> {
    await this.existing(this.db, partnerId);
    return this.deliveries.listOfPartner(partnerId, { status: query.status, limit: query.limit ?? 100 });
  }

  private async existing(executor: Executor, partnerId: string): Promise<Partner> {
    const partner = await this.partners.find(executor, partnerId);
    if (!partner) throw new NotFoundError(`No partner with id ${partnerId}.`);
    return partner;
  }
}
