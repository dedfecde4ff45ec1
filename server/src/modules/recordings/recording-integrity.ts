// Integrity of the archive over time ("bit rot", a file swapped, a row edited): re-hashes a
// recording's files and walks its chain, notes when it was checked, and raises an
// `integrity-failure` alert naming the recording and its first broken link (once while that alert
// is open). Used by POST /api/recordings/:id/verify and by a periodic job that walks the closed
// recordings a few at a time, those checked longest ago first.
import path from 'node:path';
import type { Logger } from 'pino';
import type { AlertsRepository } from '../alerts/alerts-repository';
import type { AlertsService } from '../alerts/alerts-service';
import type { RecordingRow, RecordingsRepository } from './recordings-repository';
import { verifySegmentChain, type ChainVerification } from './segment-chain';
import { hashFile } from './stream-recording';

const DAY_MS = 86_400_000;

export interface IntegritySettings {
  dir: string;
  verifyEveryMinutes: number | null;
  verifyBatch: number;
  verifyAgainDays: number;
}

export class RecordingIntegrity {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly repository: RecordingsRepository,
    private readonly alerts: Pick<AlertsService, 'raise'>,
    private readonly alertsRepository: Pick<AlertsRepository, 'hasOpenWith'>,
    private readonly settings: IntegritySettings,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.settings.verifyEveryMinutes === null) return;
    this.timer = setInterval(() => {
      this.runBatch().catch((error: unknown) => this.log.error({ err: error }, 'integrity run failed'));
    }, this.settings.verifyEveryMinutes * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One batch of the periodic job; answers how many recordings failed. One batch at a time. */
  runBatch(): Promise<number> {
    this.running ??= this.batchOnce().finally(() => (this.running = null));
    return this.running;
  }

  /** Verifies one recording; a failure raises the alert (unless one is open for it already). */
  async check(row: RecordingRow, trigger: 'request' | 'periodic'): Promise<ChainVerification> {
    const segments = await this.repository.segments(row.id);
    const result = await verifySegmentChain(row, segments, async (relative) => {
      const file = this.resolve(relative);
      return file ? hashFile(file).catch(() => null) : null;
    });
    await this.repository.markVerified(row.id, new Date());
    // Media deleted by retention is missing on purpose (the audit log says so): no alarm.
    if (!result.ok && !row.mediaDeletedAt) await this.raise(row, result, trigger);
    return result;
  }

  private async batchOnce(): Promise<number> {
    const due = await this.repository.dueForVerification(
      this.settings.verifyBatch,
      new Date(Date.now() - this.settings.verifyAgainDays * DAY_MS),
    );
    let failed = 0;
    for (const row of due) {
      const result = await this.check(row, 'periodic');
      if (!result.ok) failed += 1;
    }
    if (due.length > 0) this.log.info({ checked: due.length, failed }, 'integrity check of recordings');
    return failed;
  }

  private async raise(row: RecordingRow, result: ChainVerification, trigger: string): Promise<void> {
    const broken = result.firstBroken!;
    this.log.warn({ recordingId: row.id, firstBroken: broken, trigger }, 'recording failed verification');
    if (await this.alertsRepository.hasOpenWith('integrity-failure', 'recordingId', row.id)) return;
    await this.alerts.raise({
      kind: 'integrity-failure',
      severity: 'critical',
      officerId: row.officerId,
      deviceId: row.deviceId,
      message: `Recording ${row.id} failed verification at segment ${broken.seq} (${broken.problem}): ${broken.detail}`,
      data: {
        recordingId: row.id,
        startedAt: row.startedAt,
        seq: broken.seq,
        problem: broken.problem,
        detail: broken.detail,
        checked: result.checked,
        segmentCount: result.segmentCount,
        trigger,
      },
      location: null,
    });
  }

  /** A stored relative path inside the recordings folder; null for anything that leaves it. */
  private resolve(relative: string): string | null {
    const file = path.resolve(this.settings.dir, relative);
    return file.startsWith(path.resolve(this.settings.dir) + path.sep) ? file : null;
  }
}
