// Describing recordings (who recorded, the enforcement stage, what it proves, the tasks it
// documents, marked important) and the "to complete" queue of recordings that do not say it yet.
// Every edit is written to the audit log in the same transaction, with what changed.
import type { Recording, RecordingDescribeBody, ToCompleteQuery } from '@fcc/shared';
import type { Database } from '../../db/client';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../http/errors';
import type { AuditService } from '../audit/audit-service';
import type { UserPrincipal } from '../auth/principal';
import type { DescriptionChange, RecordingMetadataRepository } from './recording-metadata-repository';
import type { RecordingsRepository } from './recordings-repository';
import { toRecording } from './recordings-service';

const NO_OFFICER = '00000000-0000-0000-0000-000000000000';

export class RecordingMetadataService {
  constructor(
    private readonly db: Database,
    private readonly repository: RecordingsRepository,
    private readonly metadata: RecordingMetadataRepository,
    private readonly audit: AuditService,
  ) {}

  async describe(
    principal: UserPrincipal,
    id: string,
    body: RecordingDescribeBody,
    ip: string | null,
  ): Promise<Recording> {
    const { user } = principal;
    const reviewer = user.role === 'supervisor' || user.role === 'administrator';
    await this.db.transaction(async (tx) => {
      const current = await this.metadata.lock(tx, id);
      if (!current) throw new NotFoundError(`No recording ${id}.`);
      if (!reviewer && (user.officerId === null || current.officerId !== user.officerId)) {
        throw new ForbiddenError(
          'Only the officer who recorded it, a supervisor or an administrator may describe a recording.',
        );
      }
      if (current.mediaDeletedAt) {
        throw new ConflictError(
          'The media of this recording was deleted by retention; it can no longer be described.',
        );
      }
      if (!reviewer && current.caseId) {
        throw new ConflictError(
          'This recording is part of a case file; only a supervisor or an administrator may change it now.',
        );
      }
      if (body.marked === false && current.marked && !reviewer) {
        throw new ForbiddenError(
          'Only a supervisor or an administrator may unmark a recording (it becomes deletable again).',
        );
      }
      if (body.officerId !== undefined) {
        if (!reviewer)
          throw new ForbiddenError('Only a supervisor or an administrator may name who recorded.');
        if (current.officerId !== null && current.officerId !== body.officerId) {
          throw new ConflictError(
            'This recording already names who recorded it; the recorder cannot be changed.',
          );
        }
        if (!(await this.metadata.officerExists(tx, body.officerId))) {
          throw new UnprocessableError(`No officer ${body.officerId}.`);
        }
      }
      if (body.taskIds) {
        const unknown = await this.metadata.unknownTasks(tx, body.taskIds);
        if (unknown.length > 0) throw new UnprocessableError(`No such task: ${unknown.join(', ')}.`);
      }

      const change: DescriptionChange = {
        stage: body.stage,
        purpose: body.purpose?.trim(),
        marked: body.marked,
        officerId: body.officerId,
      };
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const key of ['stage', 'purpose', 'marked', 'officerId'] as const) {
        if (change[key] !== undefined && change[key] !== current[key]) {
          before[key] = current[key];
          after[key] = change[key];
        }
      }
      if (body.taskIds) {
        const sorted = [...body.taskIds].sort();
        if (sorted.join() !== current.taskIds.join()) {
          before.taskIds = current.taskIds;
          after.taskIds = sorted;
        }
        await this.metadata.replaceTasks(tx, id, body.taskIds);
      }
      await this.metadata.describe(tx, id, change, user.id);
      await this.audit.record(
        tx,
        { principal, ip },
        {
          action: after.marked === true ? 'recording.marked' : 'recording.described',
          targetType: 'recording',
          targetId: id,
          details: { before, after },
        },
      );
    });
    return toRecording((await this.repository.find(id))!);
  }

  /** Officers: their own recordings missing metadata; supervisors and administrators: everyone's. */
  async toComplete(principal: UserPrincipal, query: ToCompleteQuery): Promise<Recording[]> {
    const { user } = principal;
    const officerId = user.role === 'officer' ? (user.officerId ?? NO_OFFICER) : (query.officerId ?? null);
    if (user.role === 'officer' && query.officerId && query.officerId !== officerId) {
      throw new ForbiddenError('An officer sees only their own recordings to complete.');
    }
    const rows = await this.repository.toComplete(officerId, query.limit ?? 100);
    return rows.map(toRecording);
  }
}
