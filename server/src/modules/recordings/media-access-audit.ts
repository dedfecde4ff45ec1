// The audit of recording media served to people. Playing a recording fetches every segment (and a
// player may fetch ranges of one many times), so one row per request would flood the log with rows
// nobody can read. What a supervisor defending a recording needs is who had its media, from where
// and when, and who took a copy away: so one `recording.media-viewed` row per person, recording and
// address per window (written before the first bytes of the window are sent, naming the segment and
// range asked first), and one `recording.media-downloaded` row for every explicit download.
import type { Executor } from '../../db/client';
import type { AuditService } from '../audit/audit-service';
import type { UserPrincipal } from '../auth/principal';

export const MEDIA_VIEW_WINDOW_MINUTES = 10;

export interface MediaRequest {
  recordingId: string;
  seq: number;
  /** The HTTP Range header as sent, or null for the whole file. */
  range: string | null;
  /** The file's size. */
  bytes: number;
  /** Asked as a download (a copy to keep), not for playback. */
  download: boolean;
}

export class MediaAccessAudit {
  /** When the current window of each person + recording + address began. */
  private readonly windows = new Map<string, number>();
  private readonly windowMs = MEDIA_VIEW_WINDOW_MINUTES * 60_000;

  constructor(
    private readonly audit: AuditService,
    private readonly db: Executor,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves once the access is in the audit log (or needs no new row); only then may bytes go. */
  async served(principal: UserPrincipal, ip: string | null, request: MediaRequest): Promise<void> {
    const details = {
      seq: request.seq,
      range: request.range,
      fileBytes: request.bytes,
    };
    if (request.download) {
      await this.audit.record(
        this.db,
        { principal, ip },
        {
          action: 'recording.media-downloaded',
          targetType: 'recording',
          targetId: request.recordingId,
          details,
        },
      );
      return;
    }
    const now = this.now();
    this.forgetEndedWindows(now);
    const key = `${principal.user.id}|${request.recordingId}|${ip ?? ''}`;
    if (this.windows.has(key)) return;
    // Claimed before the write, so segments fetched together write one row, not one each.
    this.windows.set(key, now);
    try {
      await this.audit.record(
        this.db,
        { principal, ip },
        {
          action: 'recording.media-viewed',
          targetType: 'recording',
          targetId: request.recordingId,
          details: { ...details, windowMinutes: MEDIA_VIEW_WINDOW_MINUTES },
        },
      );
    } catch (error) {
      this.windows.delete(key);
      throw error;
    }
  }

  private forgetEndedWindows(now: number): void {
    for (const [key, startedAt] of this.windows) {
      if (now - startedAt >= this.windowMs) this.windows.delete(key);
    }
  }
}
