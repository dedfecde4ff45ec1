// Cases (一案一卷): one case, one file. A case groups the tasks and the recordings of one matter;
// a recording joins a case only once it says what it proves, and belongs to one case at most.
// Creating, attaching and legal hold are written to the audit log in the same transaction.
import type { Case, CaseCreateBody, CaseDetail, CaseHoldBody } from '@fcc/shared';
import type { Database } from '../../db/client';
import { isUniqueViolation } from '../../db/pg-errors';
import { ConflictError, NotFoundError, UnprocessableError } from '../../http/errors';
import type { AuditService } from '../audit/audit-service';
import type { UserPrincipal } from '../auth/principal';
import type { RecordingMetadataRepository } from '../recordings/recording-metadata-repository';
import type { RecordingsRepository } from '../recordings/recordings-repository';
import { toRecording } from '../recordings/recordings-service';
import type { CasesRepository } from './cases-repository';

export class CasesService {
  constructor(
    private readonly db: Database,
    private readonly cases: CasesRepository,
    private readonly recordings: RecordingsRepository,
    private readonly recordingMetadata: RecordingMetadataRepository,
    private readonly audit: AuditService,
  ) {}

  async create(principal: UserPrincipal, body: CaseCreateBody, ip: string | null): Promise<CaseDetail> {
    try {
      const id = await this.db.transaction(async (tx) => {
        const created = await this.cases.insert(tx, {
          code: body.code,
          title: body.title.trim(),
          description: body.description ?? '',
          createdBy: principal.user.id,
        });
        await this.audit.record(
          tx,
          { principal, ip },
          {
            action: 'case.created',
            targetType: 'case',
            targetId: created,
            details: { code: body.code, title: body.title },
          },
        );
        return created;
      });
      return await this.get(id);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A case with code ${body.code} exists already.`);
      throw error;
    }
  }

  list(): Promise<Case[]> {
    return this.cases.list(this.db);
  }

  /** The whole file: the case, its tasks and its recordings. */
  async get(id: string): Promise<CaseDetail> {
    const found = await this.cases.find(this.db, id);
    if (!found) throw new NotFoundError(`No case ${id}.`);
    const [tasks, recordingIds, files] = await Promise.all([
      this.cases.tasks(this.db, id),
      this.cases.recordingIds(this.db, id),
      this.cases.files(this.db, id),
    ]);
    const recordings = await this.recordings.findMany(recordingIds);
    return { ...found, tasks, recordings: recordings.map(toRecording), files };
  }

  async attachTask(
    principal: UserPrincipal,
    id: string,
    taskId: string,
    ip: string | null,
  ): Promise<CaseDetail> {
    await this.db.transaction(async (tx) => {
      const found = await this.cases.find(tx, id, true);
      if (!found) throw new NotFoundError(`No case ${id}.`);
      if (!(await this.cases.taskExists(tx, taskId))) throw new UnprocessableError(`No task ${taskId}.`);
      if (!(await this.cases.attachTask(tx, id, taskId, principal.user.id))) return;
      await this.audit.record(
        tx,
        { principal, ip },
        {
          action: 'case.task-attached',
          targetType: 'case',
          targetId: id,
          details: { code: found.code, taskId },
        },
      );
    });
    return this.get(id);
  }

  async attachRecording(
    principal: UserPrincipal,
    id: string,
    recordingId: string,
    ip: string | null,
  ): Promise<CaseDetail> {
    await this.db.transaction(async (tx) => {
      const found = await this.cases.find(tx, id, true);
      if (!found) throw new NotFoundError(`No case ${id}.`);
      // The recording's row lock orders this against a metadata edit and the retention job.
      const recording = await this.recordingMetadata.lock(tx, recordingId);
      if (!recording) throw new UnprocessableError(`No recording ${recordingId}.`);
      if (recording.caseId === id) return;
      if (recording.caseId) {
        const other = await this.cases.caseCode(tx, recording.caseId);
        throw new ConflictError(
          `Recording ${recordingId} is already in case ${other}: one case, one file (a recording belongs to one case).`,
        );
      }
      if (recording.mediaDeletedAt) {
        throw new ConflictError(
          `The media of recording ${recordingId} was deleted by retention; it cannot join a case.`,
        );
      }
      if (recording.purpose === null) {
        throw new UnprocessableError(
          `Recording ${recordingId} does not say what it proves yet: fill in its purpose (PATCH /api/recordings/${recordingId}) before attaching it to a case.`,
        );
      }
      await this.cases.attachRecording(tx, id, recordingId, principal.user.id);
      await this.audit.record(
        tx,
        { principal, ip },
        {
          action: 'case.recording-attached',
          targetType: 'case',
          targetId: id,
          details: { code: found.code, recordingId, stage: recording.stage, purpose: recording.purpose },
        },
      );
    });
    return this.get(id);
  }

  async setHold(
    principal: UserPrincipal,
    id: string,
    body: CaseHoldBody,
    ip: string | null,
  ): Promise<CaseDetail> {
    await this.db.transaction(async (tx) => {
      const found = await this.cases.find(tx, id, true);
      if (!found) throw new NotFoundError(`No case ${id}.`);
      const reason = body.legalHold ? (body.reason?.trim() ?? null) : null;
      await this.cases.setHold(tx, id, body.legalHold, reason);
      await this.audit.record(
        tx,
        { principal, ip },
        {
          action: body.legalHold ? 'case.legal-hold-set' : 'case.legal-hold-released',
          targetType: 'case',
          targetId: id,
          details: { code: found.code, reason: body.reason ?? null, wasHeld: found.legalHold },
        },
      );
    });
    return this.get(id);
  }
}
