// Cases (一案一卷): one case, one file. A case groups the tasks, recordings, photos and documents of
// one matter; a recording joins a case only once it says what it proves, and belongs to one case
// at most. A closed case takes no changes until reopened; a case under legal hold lets nothing go.
// Every change (and every download of a file) is written to the audit log in the same transaction.
import type { Readable } from 'node:stream';
import type {
  AuditEntry,
  Case,
  CaseCreateBody,
  CaseDetail,
  CaseFile,
  CaseFileQuery,
  CaseHoldBody,
} from '@fcc/shared';
import type { Database, Executor } from '../../db/client';
import { isUniqueViolation } from '../../db/pg-errors';
import {
  AppError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  UnprocessableError,
} from '../../http/errors';
import { AccessWindows } from '../audit/access-windows';
import type { AuditService } from '../audit/audit-service';
import type { UserPrincipal } from '../auth/principal';
import type { RecordingMetadataRepository } from '../recordings/recording-metadata-repository';
import type { RecordingsRepository } from '../recordings/recordings-repository';
import { toRecording } from '../recordings/recordings-service';
import type { CaseFileStore } from './case-file-store';
import { contentProblem, HEAD_BYTES, typeProblem } from './case-file-types';
import type { CasesRepository } from './cases-repository';

/** A file of a case to send: where its bytes are and what to call them. */
export interface CaseFileDownload {
  file: string;
  name: string;
  contentType: string;
  bytes: number;
}

/** What an upload says about itself besides its bytes. */
export interface CaseFileUpload extends CaseFileQuery {
  /** The request's media type (without parameters). */
  contentType: string;
  /** Content-Length when the sender gave one. */
  declaredBytes: number | null;
}

type Actor = { principal: UserPrincipal; ip: string | null };

/** A case page shows its photos again on every visit; one `case.file-viewed` row per window. */
export const CASE_FILE_VIEW_WINDOW_MINUTES = 10;

export class CasesService {
  /** Per person + file + address. */
  private readonly views = new AccessWindows(CASE_FILE_VIEW_WINDOW_MINUTES);

  constructor(
    private readonly db: Database,
    private readonly cases: CasesRepository,
    private readonly recordings: RecordingsRepository,
    private readonly recordingMetadata: RecordingMetadataRepository,
    private readonly audit: AuditService,
    private readonly files: CaseFileStore,
    private readonly settings: { fileMaxBytes: number },
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
      const found = await this.openCase(tx, id);
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
      const found = await this.openCase(tx, id);
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

  /** Detaches a task (the task itself stays as it is); audited with the reason. */
  async detachTask(
    principal: UserPrincipal,
    id: string,
    taskId: string,
    reason: string,
    ip: string | null,
  ): Promise<void> {
    const why = requireReason(reason, 'detaching a task');
    await this.db.transaction(async (tx) => {
      const found = await this.changeableCase(tx, id);
      if (!(await this.cases.detachTask(tx, id, taskId)))
        throw new NotFoundError(`Task ${taskId} is not in case ${found.code}.`);
      await this.record(tx, { principal, ip }, id, 'case.task-detached', {
        code: found.code,
        taskId,
        reason: why,
      });
    });
  }

  /**
   * Detaches a recording: it is no longer kept for the case, so retention counts it again from its
   * end (unless it is marked or held); audited with the reason.
   */
  async detachRecording(
    principal: UserPrincipal,
    id: string,
    recordingId: string,
    reason: string,
    ip: string | null,
  ): Promise<void> {
    const why = requireReason(reason, 'detaching a recording');
    await this.db.transaction(async (tx) => {
      const found = await this.changeableCase(tx, id);
      // Ordered against a metadata edit and the retention job, like attaching.
      await this.recordingMetadata.lock(tx, recordingId);
      if (!(await this.cases.detachRecording(tx, id, recordingId)))
        throw new NotFoundError(`Recording ${recordingId} is not in case ${found.code}.`);
      await this.record(tx, { principal, ip }, id, 'case.recording-detached', {
        code: found.code,
        recordingId,
        reason: why,
      });
    });
  }

  /** Detaches a photo or document: its row and its bytes stay; it leaves the case and its export. */
  async detachFile(
    principal: UserPrincipal,
    id: string,
    fileId: string,
    reason: string,
    ip: string | null,
  ): Promise<void> {
    const why = requireReason(reason, 'detaching a file');
    await this.db.transaction(async (tx) => {
      const found = await this.changeableCase(tx, id);
      const file = await this.cases.findFile(tx, id, fileId, true);
      if (!file || file.detachedAt) throw new NotFoundError(`File ${fileId} is not in case ${found.code}.`);
      await this.cases.detachFile(tx, fileId, principal.user.id, why);
      await this.record(tx, { principal, ip }, id, 'case.file-detached', {
        code: found.code,
        fileId,
        kind: file.kind,
        name: file.name,
        sha256: file.sha256,
        bytes: file.bytes,
        reason: why,
      });
    });
  }

  async close(
    principal: UserPrincipal,
    id: string,
    reason: string | undefined,
    ip: string | null,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const found = await this.cases.find(tx, id, true);
      if (!found) throw new NotFoundError(`No case ${id}.`);
      if (found.status === 'closed') throw new ConflictError(`Case ${found.code} is closed already.`);
      await this.cases.setStatus(tx, id, 'closed');
      await this.record(tx, { principal, ip }, id, 'case.closed', {
        code: found.code,
        reason: reason?.trim() || null,
      });
    });
  }

  async reopen(principal: UserPrincipal, id: string, reason: string, ip: string | null): Promise<void> {
    const why = requireReason(reason, 'reopening a case');
    await this.db.transaction(async (tx) => {
      const found = await this.cases.find(tx, id, true);
      if (!found) throw new NotFoundError(`No case ${id}.`);
      if (found.status === 'open')
        throw new ConflictError(`Case ${found.code} is open; only a closed case can be reopened.`);
      await this.cases.setStatus(tx, id, 'open');
      await this.record(tx, { principal, ip }, id, 'case.reopened', {
        code: found.code,
        reason: why,
        closedAt: found.closedAt,
      });
    });
  }

  /**
   * Adds a photo or a document. Everything that can be checked before the bytes is checked first
   * (type, declared size, the case open); the bytes are hashed on the way to disk, checked against
   * their type, and only then kept and recorded, in one transaction with the audit entry.
   */
  async addFile(
    principal: UserPrincipal,
    id: string,
    upload: CaseFileUpload,
    body: Readable,
    ip: string | null,
  ): Promise<CaseFile> {
    const name = checkFileName(upload.name);
    const description = upload.description?.trim() ?? '';
    const wrongType = typeProblem(upload.kind, upload.contentType);
    if (wrongType) throw new AppError(415, wrongType);
    const max = this.settings.fileMaxBytes;
    if (upload.declaredBytes !== null && upload.declaredBytes > max)
      throw tooLarge(upload.declaredBytes, max);
    await this.openCase(this.db, id, false);

    const received = await this.files.receive(body, max, HEAD_BYTES);
    if (received.tooLarge) throw tooLarge(null, max);
    const { temporary, sha256, bytes } = received;
    try {
      if (bytes === 0) throw new BadRequestError(`${name} is empty (0 bytes); nothing was added.`);
      const wrongContent = contentProblem(upload.contentType, received.head);
      if (wrongContent) throw new AppError(415, wrongContent);
      const fileId = await this.db.transaction(async (tx) => {
        // Closed while the bytes were coming in: refused like any other change.
        const found = await this.openCase(tx, id);
        await this.files.keep(temporary, sha256);
        const created = await this.cases.insertFile(tx, {
          caseId: id,
          kind: upload.kind,
          name,
          contentType: upload.contentType,
          bytes,
          sha256,
          description,
          addedBy: principal.user.id,
        });
        await this.record(tx, { principal, ip }, id, 'case.file-added', {
          code: found.code,
          fileId: created,
          kind: upload.kind,
          name,
          contentType: upload.contentType,
          bytes,
          sha256: sha256.toString('hex'),
        });
        return created;
      });
      return (await this.cases.findFile(this.db, id, fileId))!;
    } finally {
      // Kept bytes were moved away; whatever is left here was refused.
      await this.files.discard(temporary);
    }
  }

  /**
   * A file to send; the access is in the audit log (who, what, from where) before a byte goes:
   * every download (a copy taken away) as `case.file-downloaded`; showing it on a screen
   * (`view`, e.g. a photo's thumbnail) as `case.file-viewed`, once per person, file and address
   * per CASE_FILE_VIEW_WINDOW_MINUTES.
   */
  async download(
    principal: UserPrincipal,
    id: string,
    fileId: string,
    ip: string | null,
    { view = false }: { view?: boolean } = {},
  ): Promise<CaseFileDownload> {
    const found = await this.cases.find(this.db, id);
    if (!found) throw new NotFoundError(`No case ${id}.`);
    const file = await this.cases.findFile(this.db, id, fileId);
    if (!file) throw new NotFoundError(`File ${fileId} is not in case ${found.code}.`);
    if (file.detachedAt)
      throw new NotFoundError(
        `File ${file.name} was detached from case ${found.code} on ${file.detachedAt} (${file.detachReason}).`,
      );
    const stored = this.files.file(file.sha256);
    // Lost bytes are the server's failure (a 500, logged), not a download to audit.
    if (!(await this.files.has(file.sha256)))
      throw new Error(`The bytes of case file ${fileId} (SHA-256 ${file.sha256}) are missing: ${stored}`);
    const details = {
      code: found.code,
      fileId,
      kind: file.kind,
      name: file.name,
      sha256: file.sha256,
      bytes: file.bytes,
    };
    const served = { file: stored, name: file.name, contentType: file.contentType, bytes: file.bytes };
    if (!view) {
      await this.record(this.db, { principal, ip }, id, 'case.file-downloaded', details);
      return served;
    }
    const window = `${principal.user.id}|${fileId}|${ip ?? ''}`;
    if (!this.views.claim(window)) return served;
    try {
      await this.record(this.db, { principal, ip }, id, 'case.file-viewed', {
        ...details,
        windowMinutes: CASE_FILE_VIEW_WINDOW_MINUTES,
      });
    } catch (error) {
      this.views.release(window);
      throw error;
    }
    return served;
  }

  /** The case's audit trail (created, attached, detached, files added and downloaded, closed, …), oldest first. */
  async trail(id: string): Promise<AuditEntry[]> {
    if (!(await this.cases.find(this.db, id))) throw new NotFoundError(`No case ${id}.`);
    return this.audit.forTarget('case', id);
  }

  /** The case, locked, refusing changes while it is closed. */
  private async openCase(executor: Executor, id: string, lock = true): Promise<Case> {
    const found = await this.cases.find(executor, id, lock);
    if (!found) throw new NotFoundError(`No case ${id}.`);
    if (found.status === 'closed') throw new ConflictError(`Case ${found.code} is closed; reopen it first.`);
    return found;
  }

  /** Open, and not under legal hold: something may leave it. */
  private async changeableCase(executor: Executor, id: string): Promise<Case> {
    const found = await this.openCase(executor, id);
    if (found.legalHold)
      throw new ConflictError(
        `Case ${found.code} is under legal hold${found.legalHoldReason ? ` (${found.legalHoldReason})` : ''}: nothing may be detached from it until the hold is released.`,
      );
    return found;
  }

  private record(
    executor: Executor,
    actor: Actor,
    caseId: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(executor, actor, { action, targetType: 'case', targetId: caseId, details });
  }
}

function requireReason(reason: string, what: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new BadRequestError(`Give a reason for ${what}: it is kept in the case's audit trail.`);
  return trimmed;
}

function checkFileName(raw: string): string {
  const name = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (!name || name === '.' || name === '..' || /[/\\\u0000-\u001f\u007f]/.test(name))
    throw new BadRequestError(
      `"${raw}" is not a file name: give the name alone (e.g. notice.pdf), without folders or control characters.`,
    );
  return name;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;

function tooLarge(bytes: number | null, max: number): AppError {
  const size = bytes === null ? 'larger than that' : megabytes(bytes);
  return new AppError(
    413,
    `A case file may be at most ${megabytes(max)} (CASE_FILE_MAX_BYTES); this one is ${size}. Nothing was added.`,
  );
}
