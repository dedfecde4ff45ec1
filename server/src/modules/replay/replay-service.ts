// Replay: resolves who and when (an officer or device and a time range, or a task or case that
// stands for them), checks the caller may see it, and answers one document with the recordings
// and segments in the range, where video is missing, the track fix by fix and the task events.
// Every replay is written to the audit log as a view.
import {
  MAX_REPLAY_RANGE_HOURS,
  REPLAY_MARGIN_MINUTES,
  type Replay,
  type ReplayQuery,
  type ReplayRecording,
  type ReplayTaskEvent,
} from '@fcc/shared';
import type { Executor } from '../../db/client';
import { BadRequestError, ForbiddenError, NotFoundError, UnprocessableError } from '../../http/errors';
import type { AuditService } from '../audit/audit-service';
import type { UserPrincipal } from '../auth/principal';
import type { RecordingsRepository } from '../recordings/recordings-repository';
import { contentType, segmentUrl, toRecording } from '../recordings/recordings-service';
import type { TracksService } from '../tracks/tracks-service';
import type { TrackPoints } from '../tracks/track-points';
import type { ReplayRepository } from './replay-repository';
import { videoGaps } from './video-gaps';

const MARGIN_MS = REPLAY_MARGIN_MINUTES * 60_000;
const MAX_RANGE_MS = MAX_REPLAY_RANGE_HOURS * 3_600_000;
const MAX_RECORDINGS = 500;

/** Who and when a replay is about, once a task or case has been resolved. */
interface Subject {
  officerId: string | null;
  deviceId: string | null;
  taskId: string | null;
  caseId: string | null;
  fromMs: number;
  toMs: number;
}

export class ReplayService {
  constructor(
    private readonly repository: ReplayRepository,
    private readonly recordings: RecordingsRepository,
    private readonly tracks: TracksService,
    private readonly audit: AuditService,
    private readonly db: Executor,
  ) {}

  async replay(principal: UserPrincipal, query: ReplayQuery, ip: string | null): Promise<Replay> {
    const subject = await this.resolve(query);
    const officerName = subject.officerId ? await this.repository.officerName(subject.officerId) : null;
    if (subject.officerId && officerName === undefined)
      throw new NotFoundError(`No officer with id ${subject.officerId}.`);
    const device = subject.deviceId ? await this.repository.deviceOfficer(subject.deviceId) : null;
    if (subject.deviceId && !device) throw new NotFoundError(`No device with id ${subject.deviceId}.`);
    this.checkAccess(principal, subject);

    const range = { fromMs: subject.fromMs, toMs: subject.toMs };
    const [recordings, points] = await Promise.all([
      this.recordingsIn(subject),
      subject.deviceId
        ? this.tracks.devicePoints(subject.deviceId, range)
        : this.tracks.points(subject.officerId!, range),
    ]);
    // By device, the task events are those of the officer the device is assigned to now.
    const eventsOfficer = subject.officerId ?? device?.officerId ?? null;
    const taskEvents: ReplayTaskEvent[] = eventsOfficer
      ? await this.repository.taskEvents(eventsOfficer, range.fromMs, range.toMs)
      : [];
    const playable = recordings.filter((recording) => recording.mediaDeletedAt === null);
    const gaps = videoGaps(
      range,
      playable.flatMap((recording) =>
        recording.segments.map((segment) => ({
          fromMs: Date.parse(segment.startedAt),
          toMs: Date.parse(segment.endedAt),
        })),
      ),
    );

    const from = new Date(range.fromMs).toISOString();
    const to = new Date(range.toMs).toISOString();
    await this.audit.record(
      this.db,
      { principal, ip },
      {
        action: 'replay.viewed',
        targetType: subject.deviceId ? 'device' : 'officer',
        targetId: (subject.deviceId ?? subject.officerId)!,
        details: {
          from,
          to,
          taskId: subject.taskId,
          caseId: subject.caseId,
          recordingIds: recordings.map((recording) => recording.id),
        },
      },
    );
    return {
      officerId: subject.officerId,
      officerName: officerName ?? null,
      deviceId: subject.deviceId,
      taskId: subject.taskId,
      caseId: subject.caseId,
      from,
      to,
      recordings,
      gaps: gaps.map((gap) => ({
        from: new Date(gap.fromMs).toISOString(),
        to: new Date(gap.toMs).toISOString(),
      })),
      track: toReplayTrack(points),
      taskEvents,
    };
  }

  private async recordingsIn(subject: Subject): Promise<ReplayRecording[]> {
    const rows = await this.recordings.list({
      ...(subject.deviceId ? { deviceId: subject.deviceId } : { officerId: subject.officerId! }),
      from: new Date(subject.fromMs).toISOString(),
      to: new Date(subject.toMs).toISOString(),
      limit: MAX_RECORDINGS,
    });
    rows.reverse(); // oldest first, as a timeline reads
    return Promise.all(
      rows.map(async (row) => {
        const segments = (await this.recordings.segments(row.id)).filter(
          (segment) =>
            Date.parse(segment.endedAt) > subject.fromMs && Date.parse(segment.startedAt) < subject.toMs,
        );
        return {
          ...toRecording(row),
          mimeType: contentType(row),
          segments: segments.map((segment) => ({
            seq: segment.seq,
            startedAt: segment.startedAt,
            endedAt: segment.endedAt,
            bytes: segment.bytes,
            gapBefore: segment.gapBefore,
            url: segmentUrl(row.id, segment.seq),
          })),
        };
      }),
    );
  }

  private async resolve(query: ReplayQuery): Promise<Subject> {
    const { officerId, deviceId, taskId, caseId } = query;
    if (!officerId && !deviceId && !taskId && !caseId)
      throw new BadRequestError('Say whom to replay: officerId, deviceId, taskId or caseId.');
    if (deviceId && (officerId || taskId || caseId))
      throw new BadRequestError('Replay either a device (deviceId) or an officer, task or case, not both.');
    if (taskId && caseId) throw new BadRequestError('Replay either a task or a case, not both.');
    if ((query.from === undefined) !== (query.to === undefined))
      throw new BadRequestError('Give both from and to, or neither (a task or case then sets them).');

    let officer = officerId ?? null;
    let span: { fromMs: number; toMs: number } | null = null;
    if (taskId) {
      const task = await this.repository.taskSpan(taskId);
      if (!task) throw new NotFoundError(`No task with id ${taskId}.`);
      officer ??= task.officerIds[0] ?? null;
      if (!officer)
        throw new UnprocessableError(
          `Task ${taskId} was never assigned to an officer; replay by officer and time instead.`,
        );
      span = {
        fromMs: Date.parse(task.createdAt) - MARGIN_MS,
        toMs: (task.closedAt ? Date.parse(task.closedAt) : Date.now()) + MARGIN_MS,
      };
    } else if (caseId) {
      const found = await this.repository.caseSpan(caseId);
      if (!found) throw new NotFoundError(`No case with id ${caseId}.`);
      if (!found.startedAt || !found.endedAt)
        throw new UnprocessableError(
          `Case ${caseId} has no recordings yet; replay by officer and time instead.`,
        );
      if (!officer && found.officerIds.length > 1)
        throw new UnprocessableError(
          `Case ${caseId} has recordings by several officers; add officerId (one of ${found.officerIds.join(', ')}).`,
        );
      officer ??= found.officerIds[0] ?? null;
      if (!officer)
        throw new UnprocessableError(`The recordings of case ${caseId} name no officer; replay by device.`);
      span = {
        fromMs: Date.parse(found.startedAt) - MARGIN_MS,
        toMs: Date.parse(found.endedAt) + MARGIN_MS,
      };
    }

    if (!span && query.from === undefined)
      throw new BadRequestError('from and to are required when replaying an officer or a device.');
    const fromMs = query.from !== undefined ? Date.parse(query.from) : span!.fromMs;
    const toMs = query.to !== undefined ? Date.parse(query.to) : span!.toMs;
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
      throw new BadRequestError('from and to must be date-times.');
    if (toMs <= fromMs) throw new BadRequestError('to must be after from.');
    if (toMs - fromMs > MAX_RANGE_MS)
      throw new BadRequestError(
        `A replay may span at most ${MAX_REPLAY_RANGE_HOURS} hours; give a shorter from and to.`,
      );
    return {
      officerId: deviceId ? null : officer,
      deviceId: deviceId ?? null,
      taskId: taskId ?? null,
      caseId: caseId ?? null,
      fromMs,
      toMs,
    };
  }

  /** Like recordings: officers their own time (by officer, not by device); staff who review, all. */
  private checkAccess(principal: UserPrincipal, subject: Subject): void {
    const { user } = principal;
    if (user.role !== 'officer') return;
    if (subject.deviceId)
      throw new ForbiddenError('Officers replay their own time by officer, not by device.');
    if (user.officerId === null || subject.officerId !== user.officerId)
      throw new ForbiddenError('An officer may replay only their own recordings and track.');
  }
}

function toReplayTrack(points: TrackPoints): Replay['track'] {
  return {
    fixCount: points.length,
    times: Array.from(points.t),
    coordinates: Array.from(
      { length: points.length },
      (_, i) => [round7(points.lon[i]!), round7(points.lat[i]!)] as [number, number],
    ),
  };
}

function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}
