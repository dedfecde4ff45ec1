// Outgoing webhooks. publish() stores one delivery per matching subscription before anything is
// sent, so a crash loses nothing; a background loop sends what is due, a few at a time, and
// retries failures with growing back-off until the attempts run out. Server nodes share the
// queue in the database (claims use SKIP LOCKED), so none sends a delivery another is sending.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { retryDelayMs } from './retry-schedule';
import type { ClaimedDelivery, WebhookDeliveriesRepository } from './webhook-deliveries-repository';
import { attemptDelivery } from './webhook-request';

const MAX_IN_FLIGHT = 4;
const MAX_POLL_MS = 1000;
/** A claim outlives a send by this much; a claim left by a crashed node is retried after it. */
const LEASE_MARGIN_MS = 30_000;

export class WebhookDispatcher {
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #claiming: Promise<void> | undefined;
  #claimAgain = false;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly options: Config['webhooks'],
    private readonly log: Logger,
  ) {}

  /** Queues an event (e.g. "task.dispatched") for every partner subscribed to it. */
  async publish(type: string, data: unknown): Promise<void> {
    const queued = await this.deliveries.enqueue(randomUUID(), type, data);
    if (queued > 0) this.#wake();
  }

  /** Also sends what a previous run left pending. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    // Retries are due at times of their own: poll at least as often as the shortest back-off.
    const pollMs = Math.max(10, Math.min(MAX_POLL_MS, this.options.retryBaseSeconds * 1000));
    this.#timer = setInterval(() => this.#wake(), pollMs);
    this.#timer.unref();
    this.#wake();
  }

  /** Claims nothing more and waits for the sends under way (each ends within the timeout). */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#timer);
    await this.#claiming;
    await Promise.all(this.#inFlight);
  }

  #wake(): void {
    if (!this.#running) return;
    if (this.#claiming) {
      this.#claimAgain = true;
      return;
    }
    this.#claiming = this.#claim()
      .catch((error: unknown) => this.log.error({ err: error }, 'claiming webhook deliveries failed'))
      .finally(() => {
        this.#claiming = undefined;
        if (this.#claimAgain) {
          this.#claimAgain = false;
          this.#wake();
        }
      });
  }

  async #claim(): Promise<void> {
    const room = MAX_IN_FLIGHT - this.#inFlight.size;
    if (room <= 0) return;
    const claimed = await this.deliveries.claimDue(room, this.options.timeoutMs + LEASE_MARGIN_MS);
    for (const delivery of claimed) {
      const sending: Promise<void> = this.#send(delivery)
        .catch((error: unknown) =>
          this.log.error({ err: error, deliveryId: delivery.id }, 'recording a webhook attempt failed'),
        )
        .finally(() => {
          this.#inFlight.delete(sending);
          this.#wake();
        });
      this.#inFlight.add(sending);
    }
  }

  async #send(delivery: ClaimedDelivery): Promise<void> {
    const outcome = await attemptDelivery(
      { deliveryId: delivery.id, url: delivery.url, secret: delivery.secret },
      {
        id: delivery.eventId,
        type: delivery.eventType,
        occurredAt: delivery.occurredAt,
        data: delivery.payload,
      },
      this.options.timeoutMs,
    );
    if (outcome.delivered) {
      await this.deliveries.recordDelivered(delivery.id, outcome.statusCode);
      return;
    }
    const attempt = delivery.attempts + 1;
    const giveUp = attempt >= this.options.maxAttempts;
    await this.deliveries.recordFailedAttempt(delivery.id, {
      statusCode: outcome.statusCode,
      error: outcome.error,
      retryInMs: giveUp ? null : retryDelayMs(attempt, this.options.retryBaseSeconds),
    });
    this.log.warn(
      { deliveryId: delivery.id, eventType: delivery.eventType, attempt, error: outcome.error, giveUp },
      giveUp ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
    );
  }
}
