// One path for every fix, whatever protocol brought it: validate each fix, flag outliers,
// store the batch and advance the latest position in one transaction (shared with other
// devices' batches, see position-writer), then (after commit) tell dashboards. The ack is only
// given after the commit.
import { POSITION_FLAGS, type FixBatchAck } from '@fcc/shared';
import type { Logger } from 'pino';
import type { SilenceWatch } from '../alerts/silence-watch';
import type { AreaWatch } from './area-watch';
import { validateFixes } from './fix-validation';
import type { LiveHub } from './live-hub';
import { markOutliers, type TimedPoint } from './outlier-filter';
import type { AdvancedPosition, FixRow, PositionsRepository } from './positions-repository';
import type { PositionWriter } from './position-writer';

export interface IngestingDevice {
  id: string;
  officerId: string | null;
}

export interface IngestLimits {
  maxSpeedKmh: number;
  maxFutureSeconds: number;
}

export class PositionIngestService {
  /** The newest good fix stored per device (null: none), so that most batches need no look-up. */
  readonly #lastGood = new Map<string, TimedPoint | null>();

  constructor(
    private readonly writer: PositionWriter,
    private readonly repository: PositionsRepository,
    private readonly hub: LiveHub,
    private readonly areaWatch: AreaWatch,
    private readonly silenceWatch: SilenceWatch,
    private readonly limits: IngestLimits,
    private readonly log: Logger,
  ) {}

  async ingest(device: IngestingDevice, items: readonly unknown[], nowMs = Date.now()): Promise<FixBatchAck> {
    const { fixes, rejected, duplicatesInBatch } = validateFixes(items, {
      nowMs,
      maxFutureMs: this.limits.maxFutureSeconds * 1000,
    });
    if (fixes.length === 0) return { stored: 0, duplicates: duplicatesInBatch, outliers: 0, rejected };

    const previous = await this.previousGoodFix(device.id, fixes[0]!.timeMs);
    const outlier = markOutliers(previous, fixes, this.limits.maxSpeedKmh / 3.6);
    const rows: FixRow[] = fixes.map(({ index: _index, ...fix }, i) => ({
      ...fix,
      flags: outlier[i] ? POSITION_FLAGS.outlier : 0,
    }));

    const { stored, advanced } = await this.writer.write(device, rows);
    const storedGood = stored.filter((row) => row.flags === 0);
    this.rememberGood(device.id, storedGood.at(-1));
    await this.announce(device, advanced, storedGood.length > 0);
    return {
      stored: stored.length,
      duplicates: duplicatesInBatch + fixes.length - stored.length,
      outliers: stored.length - storedGood.length,
      rejected,
    };
  }

  /**
   * Loads a device's newest good fix when it connects, so that its first batch needs no look-up
   * (a thousand devices back from a dead zone would otherwise queue a thousand of them).
   */
  async warmUp(deviceId: string, nowMs = Date.now()): Promise<void> {
    if (this.#lastGood.has(deviceId)) return;
    const newest = await this.repository.previousGoodFix(
      deviceId,
      nowMs + this.limits.maxFutureSeconds * 1000 + 1,
    );
    if (!this.#lastGood.has(deviceId)) this.#lastGood.set(deviceId, newest ?? null);
  }

  private async previousGoodFix(deviceId: string, firstTimeMs: number): Promise<TimedPoint | undefined> {
    const cached = this.#lastGood.get(deviceId);
    if (cached === null) return undefined;
    if (cached && cached.timeMs < firstTimeMs) return cached;
    return this.repository.previousGoodFix(deviceId, firstTimeMs);
  }

  private rememberGood(deviceId: string, fix: FixRow | undefined): void {
    if (!fix) return;
    const cached = this.#lastGood.get(deviceId);
    if (!cached || cached.timeMs < fix.timeMs) {
      this.#lastGood.set(deviceId, { timeMs: fix.timeMs, lat: fix.lat, lon: fix.lon });
    }
  }

  /** After commit: what dashboards must hear. A failure here must not fail the ack. */
  private async announce(
    device: IngestingDevice,
    advanced: AdvancedPosition | undefined,
    heardGoodFix: boolean,
  ): Promise<void> {
    try {
      if (device.officerId && heardGoodFix) await this.silenceWatch.heard(device.officerId);
      if (!advanced) return;
      this.hub.emit('position', advanced.position);
      await this.areaWatch.moved(advanced.position, advanced.previousCellId, advanced.previousAreaId);
    } catch (error) {
      this.log.error({ err: error, deviceId: device.id }, 'position stored, but announcing it failed');
    }
  }
}
