// The device's buffer of fixes not yet acknowledged by the server. Fixes wait here while the
// device is offline (a 4G dead zone), go out in batches, and leave only when the server's ack
// says they are stored; a batch that failed or went unanswered goes back to the front, in order.
import { MAX_FIXES_PER_BATCH, type Fix } from '@fcc/shared';

/** What a bodycam keeps while offline: about 14 hours at one fix a second. */
export const DEFAULT_OUTBOX_CAPACITY = 50_000;

export interface Batch {
  id: number;
  fixes: Fix[];
}

export class Outbox {
  private queued: Fix[] = [];
  private readonly inFlight = new Map<number, Fix[]>();
  private nextId = 1;
  /** Oldest fixes dropped because the buffer was full. */
  dropped = 0;

  constructor(private readonly capacity = DEFAULT_OUTBOX_CAPACITY) {}

  push(fix: Fix): void {
    this.queued.push(fix);
    const over = this.size - this.capacity;
    if (over > 0) {
      this.queued.splice(0, Math.min(over, this.queued.length));
      this.dropped += over;
    }
  }

  /** Fixes waiting, in flight included. */
  get size(): number {
    let size = this.queued.length;
    for (const fixes of this.inFlight.values()) size += fixes.length;
    return size;
  }

  get waiting(): number {
    return this.queued.length;
  }

  get batchesInFlight(): number {
    return this.inFlight.size;
  }

  /** The oldest waiting fixes as a batch, now in flight; null when none wait. */
  take(max = MAX_FIXES_PER_BATCH): Batch | null {
    if (this.queued.length === 0) return null;
    const fixes = this.queued.splice(0, Math.min(max, MAX_FIXES_PER_BATCH));
    const batch = { id: this.nextId++, fixes };
    this.inFlight.set(batch.id, fixes);
    return batch;
  }

  /** The server stored it: the fixes are gone for good. */
  acked(batch: Batch): void {
    this.inFlight.delete(batch.id);
  }

  /** Not stored (error, timeout, disconnect): back to the front, before anything newer. */
  failed(batch: Batch): void {
    if (!this.inFlight.delete(batch.id)) return;
    this.queued = [...batch.fixes, ...this.queued];
  }

  /** Every batch in flight fails (the connection dropped). */
  failAll(): void {
    const batches = [...this.inFlight.entries()].sort(([a], [b]) => a - b);
    this.inFlight.clear();
    this.queued = [...batches.flatMap(([, fixes]) => fixes), ...this.queued];
  }
}
