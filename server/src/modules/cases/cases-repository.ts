// Cases and what is attached to them; writes run in the caller's transaction (with the audit entry).
import { sql } from 'drizzle-orm';
import type { Case, CaseFile, CaseFileKind, CaseTask } from '@fcc/shared';
import type { Executor } from '../../db/client';
import { isoTimestamp } from '../../db/iso-timestamp';

const CASE_COLUMNS = sql.raw(`c.id, c.code, c.title, c.description, c.status,
  ${isoTimestamp('c.closed_at')} AS "closedAt", c.legal_hold AS "legalHold",
  c.legal_hold_reason AS "legalHoldReason", ${isoTimestamp('c.created_at')} AS "createdAt",
  (SELECT count(*) FROM case_tasks ct WHERE ct.case_id = c.id)::int AS "taskCount",
  (SELECT count(*) FROM case_recordings cr WHERE cr.case_id = c.id)::int AS "recordingCount",
  (SELECT count(*) FROM case_files cf WHERE cf.case_id = c.id AND cf.detached_at IS NULL)::int AS "fileCount"`);

const FILE_COLUMNS = sql.raw(`f.id, f.case_id AS "caseId", f.kind, f.name, f.content_type AS "contentType",
  f.bytes::float8 AS bytes, encode(f.sha256, 'hex') AS sha256, f.description,
  json_build_object('userId', f.added_by, 'name', u.display_name) AS "addedBy",
  ${isoTimestamp('f.added_at')} AS "addedAt"`);

/** A case file with what a download and a detachment need besides its wire shape. */
export type StoredCaseFile = CaseFile & { detachedAt: string | null; detachReason: string | null };

const TASK_COLUMNS = sql.raw(`t.id, t.code, t.category, t.priority, t.state, t.description,
  ${isoTimestamp('t.created_at')} AS "createdAt", ${isoTimestamp('t.closed_at')} AS "closedAt",
  ${isoTimestamp('ct.attached_at')} AS "attachedAt"`);

export class CasesRepository {
  async insert(
    executor: Executor,
    row: { code: string; title: string; description: string; createdBy: string },
  ): Promise<string> {
    const { rows } = await executor.execute<{ id: string }>(sql`
      INSERT INTO cases (code, title, description, created_by)
      VALUES (${row.code}, ${row.title}, ${row.description}, ${row.createdBy}) RETURNING id`);
    return rows[0]!.id;
  }

  async list(executor: Executor): Promise<Case[]> {
    const { rows } = await executor.execute<Case>(
      sql`SELECT ${CASE_COLUMNS} FROM cases c ORDER BY c.created_at DESC, c.id`,
    );
    return rows;
  }

  /** With `lock`, holds the case row until the transaction ends (attachments and hold changes queue). */
  async find(executor: Executor, id: string, lock = false): Promise<Case | undefined> {
    const { rows } = await executor.execute<Case>(
      sql`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = ${id} ${lock ? sql`FOR UPDATE OF c` : sql``}`,
    );
    return rows[0];
  }

  async tasks(executor: Executor, caseId: string): Promise<CaseTask[]> {
    const { rows } = await executor.execute<CaseTask>(sql`
      SELECT ${TASK_COLUMNS} FROM case_tasks ct JOIN tasks t ON t.id = ct.task_id
      WHERE ct.case_id = ${caseId} ORDER BY ct.attached_at, t.code`);
    return rows;
  }

  async recordingIds(executor: Executor, caseId: string): Promise<string[]> {
    const { rows } = await executor.execute<{ id: string }>(
      sql`SELECT recording_id AS id FROM case_recordings WHERE case_id = ${caseId} ORDER BY attached_at, recording_id`,
    );
    return rows.map((row) => row.id);
  }

  /** The case's photos and documents (not the detached ones), oldest first. */
  async files(executor: Executor, caseId: string): Promise<CaseFile[]> {
    const { rows } = await executor.execute<CaseFile>(sql`
      SELECT ${FILE_COLUMNS} FROM case_files f JOIN users u ON u.id = f.added_by
      WHERE f.case_id = ${caseId} AND f.detached_at IS NULL ORDER BY f.added_at, f.name, f.id`);
    return rows;
  }

  /** One file of a case, detached or not (with `lock`, held until the transaction ends). */
  async findFile(
    executor: Executor,
    caseId: string,
    fileId: string,
    lock = false,
  ): Promise<StoredCaseFile | undefined> {
    const { rows } = await executor.execute<StoredCaseFile>(sql`
      SELECT ${FILE_COLUMNS}, ${sql.raw(isoTimestamp('f.detached_at'))} AS "detachedAt",
             f.detach_reason AS "detachReason"
      FROM case_files f JOIN users u ON u.id = f.added_by
      WHERE f.id = ${fileId} AND f.case_id = ${caseId} ${lock ? sql`FOR UPDATE OF f` : sql``}`);
    return rows[0];
  }

  async insertFile(
    executor: Executor,
    row: {
      caseId: string;
      kind: CaseFileKind;
      name: string;
      contentType: string;
      bytes: number;
      sha256: Buffer;
      description: string;
      addedBy: string;
    },
  ): Promise<string> {
    const { rows } = await executor.execute<{ id: string }>(sql`
      INSERT INTO case_files (case_id, kind, name, content_type, bytes, sha256, description, added_by)
      VALUES (${row.caseId}, ${row.kind}, ${row.name}, ${row.contentType}, ${row.bytes}, ${row.sha256},
              ${row.description}, ${row.addedBy})
      RETURNING id`);
    return rows[0]!.id;
  }

  /** The row and the bytes stay; the file leaves the case file and its export. */
  async detachFile(executor: Executor, fileId: string, userId: string, reason: string): Promise<void> {
    await executor.execute(sql`
      UPDATE case_files SET detached_at = now(), detached_by = ${userId}, detach_reason = ${reason}
      WHERE id = ${fileId}`);
  }

  /** False when the task is not in the case. */
  async detachTask(executor: Executor, caseId: string, taskId: string): Promise<boolean> {
    const result = await executor.execute(
      sql`DELETE FROM case_tasks WHERE case_id = ${caseId} AND task_id = ${taskId}`,
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** False when the recording is not in the case. */
  async detachRecording(executor: Executor, caseId: string, recordingId: string): Promise<boolean> {
    const result = await executor.execute(
      sql`DELETE FROM case_recordings WHERE case_id = ${caseId} AND recording_id = ${recordingId}`,
    );
    return (result.rowCount ?? 0) > 0;
  }

  async setStatus(executor: Executor, id: string, status: Case['status']): Promise<void> {
    await executor.execute(sql`
      UPDATE cases SET status = ${status}, closed_at = ${status === 'closed' ? sql`now()` : null},
        updated_at = now()
      WHERE id = ${id}`);
  }

  async taskExists(executor: Executor, taskId: string): Promise<boolean> {
    const { rows } = await executor.execute(sql`SELECT 1 FROM tasks WHERE id = ${taskId}`);
    return rows.length > 0;
  }

  /** False when the task was attached already. */
  async attachTask(executor: Executor, caseId: string, taskId: string, userId: string): Promise<boolean> {
    const result = await executor.execute(sql`
      INSERT INTO case_tasks (case_id, task_id, attached_by) VALUES (${caseId}, ${taskId}, ${userId})
      ON CONFLICT DO NOTHING`);
    return (result.rowCount ?? 0) > 0;
  }

  async attachRecording(
    executor: Executor,
    caseId: string,
    recordingId: string,
    userId: string,
  ): Promise<void> {
    await executor.execute(sql`
      INSERT INTO case_recordings (case_id, recording_id, attached_by) VALUES (${caseId}, ${recordingId}, ${userId})`);
  }

  async caseCode(executor: Executor, caseId: string): Promise<string | undefined> {
    const { rows } = await executor.execute<{ code: string }>(
      sql`SELECT code FROM cases WHERE id = ${caseId}`,
    );
    return rows[0]?.code;
  }

  async setHold(executor: Executor, id: string, legalHold: boolean, reason: string | null): Promise<void> {
    await executor.execute(sql`
      UPDATE cases SET legal_hold = ${legalHold}, legal_hold_reason = ${reason}, updated_at = now() WHERE id = ${id}`);
  }
}
