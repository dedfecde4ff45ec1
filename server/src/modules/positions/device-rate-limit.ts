// Batches per device per minute, shared by every ingest path, so that one runaway device
// cannot flood the database whichever protocol it uses.
export class DeviceRateLimit {
  #windowStart = 0;
  readonly #counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one batch; returns the seconds to wait when over the limit, else 0. */
  take(deviceId: string): number {
    const now = this.now();
    if (now - this.#windowStart >= 60_000) {
      this.#windowStart = now;
      this.#counts.clear();
    }
    const count = (this.#counts.get(deviceId) ?? 0) + 1;
    this.#counts.set(deviceId, count);
    if (count <= this.perMinute) return 0;
    return Math.ceil((this.#windowStart + 60_000 - now) / 1000);
  }
}
