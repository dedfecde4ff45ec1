// The partners module as the composition root sees it: key lookup for authentication, the
// administration service, and the webhook dispatcher (other modules publish through it).
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { DatabaseHandle } from '../../db/client';
import type { AuditService } from '../audit/audit-service';
import type { LiveHub } from '../positions/live-hub';
import { AlertWebhookEvents } from './alert-webhook-events';
import { PartnersRepository } from './partners-repository';
import { PartnersService } from './partners-service';
import { WebhookDeliveriesRepository } from './webhook-deliveries-repository';
import { WebhookDispatcher } from './webhook-dispatcher';

export function createPartnerServices(
  { db, pool }: Pick<DatabaseHandle, 'db' | 'pool'>,
  deps: { audit: AuditService; live: LiveHub; webhooks: Config['webhooks']; log: Logger },
) {
  const repository = new PartnersRepository(db);
  const deliveries = new WebhookDeliveriesRepository(pool);
  const log = deps.log.child({ module: 'webhooks' });
  const webhooks = new WebhookDispatcher(deliveries, deps.webhooks, log);
  const alertEvents = new AlertWebhookEvents(deps.live, webhooks, log);
  return {
    repository,
    admin: new PartnersService(db, repository, deliveries, deps.audit),
    webhooks,
    async start(): Promise<void> {
      alertEvents.start();
      await webhooks.start();
    },
    async stop(): Promise<void> {
      alertEvents.stop();
      await webhooks.stop();
    },
  };
}

export type PartnerServices = ReturnType<typeof createPartnerServices>;
