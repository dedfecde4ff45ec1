// Group commit for fixes. At 1 Hz from a thousand officers most batches hold one fix, and a
// transaction per batch spends the database on round trips and commits. Batches that arrive
// while a write is in flight wait for the next one and are written together: one insert, one
// latest-position upsert, one commit. At low load a batch is written at once (no added delay);
// under load the groups grow by themselves. Each batch still gets its own result, after commit.
import type pg from 'pg';
import type { Logger } from 'pino';
import { withTransaction } from '../../db/transaction';
import type {
  AdvancedPosition,
  FixRow,
  LatestFix,
  PositionsRepository,
  SkippedFix,
} from './positions-repository';

export interface WritingDevice {
  id: string;
  officerId: string | null;
}

export interface WrittenBatch {
  /** The rows newly stored (not stored before), in the batch's order. */
  stored: FixRow[];
  /** The officer's new latest position, when a fix of this batch advanced it. */
  advanced?: AdvancedPosition;
}

interface PendingBatch {
  device: WritingDevice;
  rows: FixRow[];
  resolve(result: WrittenBatch): void;
  reject(error: unknown): void;
}

export interface PositionWriterOptions {
  /** Writes in flight at once (each on its own connection). */
  concurrency: number;
  /** Rows in one group at most; the rest waits for the next write. */
  maxGroupRows: number;
}

export class PositionWriter {
  #queue: PendingBatch[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly repository: PositionsRepository,
    private readonly options: PositionWriterOptions,
    private readonly log: Logger,
  ) {}

  write(device: WritingDevice, rows: FixRow[]): Promise<WrittenBatch> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ device, rows, resolve, reject });
      this.schedule();
    });
  }

  /** Starts a write on the next turn of the event loop, so that batches arriving together go together. */
  private schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.options.concurrency || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const group = this.takeGroup();
      this.#inFlight += 1;
      void this.writeGroup(group).finally(() => {
        this.#inFlight -= 1;
        this.schedule();
      });
      this.schedule();
    });
  }

  private takeGroup(): PendingBatch[] {
    let rows = 0;
    let count = 0;
    while (
      count < this.#queue.length &&
      (count === 0 || rows + this.#queue[count]!.rows.length <= this.options.maxGroupRows)
    ) {
      rows += this.#queue[count]!.rows.length;
      count += 1;
    }
    return this.#queue.splice(0, count);
  }

  private async writeGroup(group: PendingBatch[]): Promise<void> {
    try {
      const results = await this.writeInOneTransaction(group);
      group.forEach((batch, i) => batch.resolve(results[i]!));
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      // One batch may be the cause (a device deleted meanwhile, a deadlock): write each alone so
      // that only the batch at fault fails.
      this.log.warn(
        { err: error, batches: group.length },
        'group write failed; writing its batches one by one',
      );
      for (const batch of group) {
        await this.writeInOneTransaction([batch]).then(
          ([result]) => batch.resolve(result!),
          (batchError: unknown) => batch.reject(batchError),
        );
      }
    }
  }

  private writeInOneTransaction(group: readonly PendingBatch[]): Promise<WrittenBatch[]> {
    return withTransaction(this.pool, (client) => this.writeGroupWith(client, group));
  }

  private async writeGroupWith(
    client: pg.PoolClient,
    group: readonly PendingBatch[],
  ): Promise<WrittenBatch[]> {
    const skipped = await this.repository.insertFixes(client, group);
    const stored = storedRows(group, [...skipped, ...repeatsAcrossBatches(group)]);

    // The newest good stored fix of each officer (an officer may carry two devices).
    const newestByOfficer = new Map<string, { fix: LatestFix; batch: number }>();
    group.forEach(({ device }, batch) => {
      const newest = stored[batch]!.findLast((row) => row.flags === 0);
      if (!device.officerId || !newest) return;
      const current = newestByOfficer.get(device.officerId);
      if (current && current.fix.timeMs >= newest.timeMs) return;
      newestByOfficer.set(device.officerId, {
        fix: { ...newest, deviceId: device.id, officerId: device.officerId },
        batch,
      });
    });
    const advanced =
      newestByOfficer.size === 0
        ? []
        : await this.repository.advanceLatest(
            client,
            [...newestByOfficer.values()].map(({ fix }) => fix),
          );

    const results: WrittenBatch[] = stored.map((rows) => ({ stored: rows }));
    const batchOfOfficer = new Map([...newestByOfficer].map(([officerId, { batch }]) => [officerId, batch]));
    for (const item of advanced) results[batchOfOfficer.get(item.position.officerId)!]!.advanced = item;
    return results;
  }
}

/**
 * A device with two batches in one group (a resend after a lost ack) may repeat a fix time.
 * The database stores it once and reports neither as skipped; it counts for the first batch.
 */
function repeatsAcrossBatches(group: readonly PendingBatch[]): SkippedFix[] {
  const seenDevices = new Set<string>();
  const repeatedDevices = new Set<string>();
  for (const { device } of group) {
    if (seenDevices.has(device.id)) repeatedDevices.add(device.id);
    seenDevices.add(device.id);
  }
  if (repeatedDevices.size === 0) return [];

  const timesOfDevice = new Map<string, Set<number>>();
  const repeated: SkippedFix[] = [];
  group.forEach(({ device, rows }, batch) => {
    if (!repeatedDevices.has(device.id)) return;
    const times = timesOfDevice.get(device.id) ?? new Set<number>();
    timesOfDevice.set(device.id, times);
    rows.forEach((row, fix) => {
      if (times.has(row.timeMs)) repeated.push({ batch, fix });
      times.add(row.timeMs);
    });
  });
  return repeated;
}

/** Each batch's rows minus the skipped ones. */
function storedRows(group: readonly PendingBatch[], skipped: readonly SkippedFix[]): FixRow[][] {
  if (skipped.length === 0) return group.map(({ rows }) => rows);
  const skippedByBatch = new Map<number, Set<number>>();
  for (const { batch, fix } of skipped) {
    const set = skippedByBatch.get(batch) ?? new Set<number>();
    set.add(fix);
    skippedByBatch.set(batch, set);
  }
  return group.map(({ rows }, batch) => {
    const skippedHere = skippedByBatch.get(batch);
    return skippedHere ? rows.filter((_, fix) => !skippedHere.has(fix)) : rows;
  });
}
