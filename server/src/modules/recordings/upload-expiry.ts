// Expiry of abandoned device uploads: a tus upload that has received no bytes for
// UPLOAD_ABANDONED_HOURS (a camera lost, reset, or that gave up) is removed with its metadata, so
// DATA_DIR/uploads does not fill with halves nobody finishes. A device that comes back to it gets
// the tus answer for a gone upload (404) and starts again. "No bytes" is the data file's
// modification time: every PATCH writes to it. A complete upload is never touched (it is being
// indexed, and once indexed its file has moved into the recordings).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from '@tus/file-store';
import { ERRORS, type Locker, type Upload } from '@tus/server';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { SYSTEM_ACTOR, type AuditService } from '../audit/audit-service';

const HOUR_MS = 3_600_000;
const METADATA = '.json';

export interface ExpiredUpload {
  uploadId: string;
  deviceId: string | null;
  bytesReceived: number;
  uploadLength: number | null;
  lastBytesAt: string;
}

export interface UploadFiles {
  dir: string;
  store: FileStore;
  /** The tus server's locker: expiry and a PATCH of the same upload never interleave. */
  locker: Locker;
}

export class UploadExpiry {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ExpiredUpload[]> | null = null;

  constructor(
    private readonly uploads: UploadFiles,
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly settings: { uploadAbandonedHours: number },
    private readonly log: Logger,
  ) {}

  /** Checks every hour, or every quarter of the setting when that is shorter. */
  start(): void {
    const abandonedMs = this.settings.uploadAbandonedHours * HOUR_MS;
    const every = Math.max(60_000, Math.min(HOUR_MS, abandonedMs / 4));
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => this.log.error({ err: error }, 'upload expiry failed'));
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One run at a time; `abandonedAfterMs` overrides the setting (tests, an administrator's tool). */
  run(abandonedAfterMs = this.settings.uploadAbandonedHours * HOUR_MS): Promise<ExpiredUpload[]> {
    this.running ??= this.runOnce(abandonedAfterMs).finally(() => (this.running = null));
    return this.running;
  }

  private async runOnce(abandonedAfterMs: number): Promise<ExpiredUpload[]> {
    const cutoff = Date.now() - abandonedAfterMs;
    const names = await fs.readdir(this.uploads.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const expired: ExpiredUpload[] = [];
    for (const name of names) {
      if (!name.endsWith(METADATA)) continue;
      const id = name.slice(0, -METADATA.length);
      try {
        const removed = await this.expireIfAbandoned(id, cutoff, abandonedAfterMs);
        if (removed) expired.push(removed);
      } catch (error) {
        this.log.error({ err: error, uploadId: id }, 'abandoned upload not removed');
      }
    }
    return expired;
  }

  private async expireIfAbandoned(
    id: string,
    cutoff: number,
    abandonedAfterMs: number,
  ): Promise<ExpiredUpload | null> {
    if (!(await this.abandoned(id, cutoff))) return null;
    const lock = this.uploads.locker.newLock(id);
    // A PATCH holding the lock is asked to let go: it has sent nothing for the whole period.
    await lock.lock(new AbortController().signal, () => undefined);
    let upload: Upload;
    let lastBytesAt: Date;
    try {
      // Again under the lock: bytes may have come since the first look.
      const found = await this.abandoned(id, cutoff);
      if (!found) return null;
      ({ upload, lastBytesAt } = found);
      await this.uploads.store.remove(id);
    } finally {
      await lock.unlock();
    }
    const deviceId = upload.metadata?.deviceId ?? null;
    const removed: ExpiredUpload = {
      uploadId: id,
      deviceId,
      bytesReceived: upload.offset,
      uploadLength: upload.size ?? null,
      lastBytesAt: lastBytesAt.toISOString(),
    };
    const abandonedHours = abandonedAfterMs / HOUR_MS;
    this.log.info({ ...removed, abandonedHours }, 'abandoned upload removed');
    await this.audit.record(this.db, SYSTEM_ACTOR, {
      action: 'upload.expired',
      targetType: 'device',
      ...(deviceId ? { targetId: deviceId } : {}),
      details: {
        ...removed,
        filename: upload.metadata?.filename ?? null,
        startedAt: upload.metadata?.startedAt ?? null,
        sha256: upload.metadata?.sha256 ?? null,
        abandonedHours,
      },
    });
    return removed;
  }

  /** The upload and when it last received bytes, if it is unfinished and that was before `cutoff`. */
  private async abandoned(id: string, cutoff: number): Promise<{ upload: Upload; lastBytesAt: Date } | null> {
    let upload: Upload;
    try {
      upload = await this.uploads.store.getUpload(id);
    } catch (error) {
      // Metadata whose data file is gone: an upload just indexed (its file moved) or half removed.
      if (error === ERRORS.FILE_NO_LONGER_EXISTS) await this.removeStaleMetadata(id, cutoff);
      else if (error !== ERRORS.FILE_NOT_FOUND) throw error;
      return null;
    }
    if (upload.size !== undefined && upload.offset >= upload.size) return null;
    const { mtime } = await fs.stat(path.join(this.uploads.dir, id));
    return mtime.getTime() < cutoff ? { upload, lastBytesAt: mtime } : null;
  }

  private async removeStaleMetadata(id: string, cutoff: number): Promise<void> {
    const file = path.join(this.uploads.dir, `${id}${METADATA}`);
    const stat = await fs.stat(file).catch(() => null);
    if (stat && stat.mtime.getTime() < cutoff) await fs.rm(file, { force: true });
  }
}
