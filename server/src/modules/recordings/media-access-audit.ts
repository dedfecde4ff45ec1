// The audit of recording media served to people. Playing a recording fetches every segment (and a
// player may fetch ranges of one many times), so one row per request would flood the log with rows
// nobody can read. What a supervisor defending a recording needs is who had its media, from where
// and when, and who took a copy away: so one `recording.media-viewed` row per person, recording and
// address per window (written before the first bytes of the window are sent, naming the segment and
// range asked first), and one `recording.media-downloaded` row for every explicit download.
import type { Executor } from '../../db/client';
import { AccessWindows } from '../audit/access-windows';
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
  /** Per person + recording + address. */
  private readonly windows: AccessWindows;

  constructor(
    private readonly audit: AuditService,
    private readonly db: Executor,
    now: () => number = Date.now,
  ) {
    this.windows = new AccessWindows(MEDIA_VIEW_WINDOW_MINUTES, now);
  }

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
    const key = `${principal.user.id}|${request.recordingId}|${ip ?? ''}`;
    if (!this.windows.claim(key)) return;
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
      this.windows.release(key);
      throw error;
    }
  }
}
