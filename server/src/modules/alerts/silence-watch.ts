// "Device went silent": an on-duty officer (not off duty, and on shift when rostered) whose
// device has sent no fix for N minutes raises one alert; the next good fix resolves it.
import type { Logger } from 'pino';
import type { AlertsRepository } from './alerts-repository';
import type { AlertsService } from './alerts-service';

export class SilenceWatch {
  readonly #silent = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly repository: AlertsRepository,
    private readonly alerts: AlertsService,
    private readonly silentAfterMs: number,
    private readonly log: Logger,
  ) {}

  async start(checkEveryMs = Math.min(30_000, this.silentAfterMs / 4)): Promise<void> {
    for (const officerId of await this.repository.officersWithOpen('device-silent'))
      this.#silent.add(officerId);
    this.#timer = setInterval(() => void this.check(), checkEveryMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Raises an alert for each officer newly silent. One check at a time. */
  check(nowMs = Date.now()): Promise<void> {
    this.#running ??= this.#check(nowMs)
      .catch((error: unknown) => this.log.error({ err: error }, 'silent-device check failed'))
      .finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #check(nowMs: number): Promise<void> {
    for (const officer of await this.repository.silentOfficers(nowMs - this.silentAfterMs, nowMs)) {
      this.#silent.add(officer.officerId);
      await this.alerts.raise({
        kind: 'device-silent',
        severity: 'warning',
        officerId: officer.officerId,
        deviceId: officer.deviceId,
        message: `${officer.name}: no position since ${officer.lastFix}`,
        data: { lastFix: officer.lastFix, officerName: officer.name },
        location: { lat: officer.lat, lon: officer.lon },
      });
    }
  }

  /** Called with each officer who just reported a good fix. */
  async heard(officerId: string): Promise<void> {
    if (!this.#silent.delete(officerId)) return;
    await this.alerts.resolve(officerId, 'device-silent');
  }
}
