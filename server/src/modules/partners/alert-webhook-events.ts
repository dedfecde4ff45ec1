// Alerts as webhook events: each newly raised alert goes out as alert.raised, and an officer's
// SOS also as sos.raised, so a partner can subscribe to SOS alone.
import type { Alert } from '@fcc/shared';
import type { Logger } from 'pino';
import type { LiveHub } from '../positions/live-hub';
import type { WebhookDispatcher } from './webhook-dispatcher';

export class AlertWebhookEvents {
  readonly #onAlert = (alert: Alert) => void this.#publish(alert);

  constructor(
    private readonly hub: LiveHub,
    private readonly webhooks: Pick<WebhookDispatcher, 'publish'>,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.hub.on('alert', this.#onAlert);
  }

  stop(): void {
    this.hub.off('alert', this.#onAlert);
  }

  async #publish(alert: Alert): Promise<void> {
    // The hub also carries acknowledged and resolved alerts; only a new one has neither mark.
    if (alert.acknowledgedAt !== null || alert.resolvedAt !== null) return;
    try {
      await this.webhooks.publish('alert.raised', alert);
      if (alert.kind === 'sos') await this.webhooks.publish('sos.raised', alert);
    } catch (error) {
      this.log.error({ err: error, alertId: alert.id }, 'queueing alert webhooks failed');
    }
  }
}
