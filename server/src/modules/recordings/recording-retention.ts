// The retention job: deletes the media of recordings that ended more than the retention period
// plus the grace period ago, unless they are marked, held, attached to a case, or linked to a
// task of a case under legal hold. The row and its segment index (hashes, chain) stay, so what
// existed remains provable; each deletion is written to the audit log with what was deleted.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RetentionRun } from '@fcc/shared';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { SYSTEM_ACTOR, type AuditService } from '../audit/audit-service';
import type { RecordingMetadataRepository } from './recording-metadata-repository';
import type { RecordingsRepository } from './recordings-repository';

const DAY_MS = 86_400_000;
const BATCH = 200;

export class RecordingRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionRun> | null = null;

  constructor(
    private readonly db: Database,
    private readonly repository: RecordingsRepository,
    private readonly metadata: RecordingMetadataRepository,
    private readonly audit: AuditService,
    private readonly config: Config['recordings'],
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.config.retentionCheckMinutes === null) return;
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => this.log.error({ err: error }, 'retention run failed'));
    }, this.config.retentionCheckMinutes * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One run at a time: a run asked for while one is going gets that run's result. */
  run(): Promise<RetentionRun> {
    this.running ??= this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async runOnce(): Promise<RetentionRun> {
    const ranAt = new Date();
    const { retentionDays, retentionGraceDays: graceDays } = this.config;
    const endedBefore = new Date(ranAt.getTime() - (retentionDays + graceDays) * DAY_MS);
    const reason = `retention: ended before ${endedBefore.toISOString()} (${retentionDays} days kept + ${graceDays} days grace); not marked, held or in a case`;
    const deleted: RetentionRun['deleted'] = [];
    for (;;) {
      const ids = await this.metadata.deletable(this.db, endedBefore, BATCH);
      let progressed = false;
      for (const id of ids) {
        const row = await this.repository.find(id);
        if (!row) continue;
        const done = await this.db.transaction(async (tx) => {
          if (!(await this.metadata.lock(tx, id))) return false;
          // Attached, marked or held between the listing and the lock: kept.
          if (!(await this.metadata.stillDeletable(tx, id, endedBefore))) return false;
          await this.metadata.markMediaDeleted(tx, id, reason);
          await this.audit.record(tx, SYSTEM_ACTOR, {
            action: 'recording.media-deleted',
            targetType: 'recording',
            targetId: id,
            details: {
              reason,
              officerId: row.officerId,
              deviceId: row.deviceId,
              startedAt: row.startedAt,
              endedAt: row.endedAt,
              segments: row.segmentCount,
              bytes: row.bytes,
              chainHead: row.chainHead?.toString('hex') ?? null,
            },
          });
          return true;
        });
        if (!done) continue;
        progressed = true;
        // After the commit: a crash here leaves files nobody indexes as present, never the reverse.
        await fs
          .rm(path.join(this.config.dir, id), { recursive: true, force: true })
          .catch((error: unknown) =>
            this.log.error({ err: error, recordingId: id }, 'recording files not removed'),
          );
        deleted.push({
          recordingId: id,
          officerId: row.officerId,
          startedAt: row.startedAt,
          endedAt: row.endedAt!,
          segments: row.segmentCount,
          bytes: row.bytes,
        });
      }
      if (ids.length < BATCH || !progressed) break;
    }
    if (deleted.length > 0)
      this.log.info({ deleted: deleted.length, endedBefore }, 'retention deleted recordings');
    return { ranAt: ranAt.toISOString(), retentionDays, graceDays, deleted };
  }
}
