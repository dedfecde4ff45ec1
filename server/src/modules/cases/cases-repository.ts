// Cases and what is attached to them; writes run in the caller's transaction (with the audit entry).
import { sql } from 'drizzle-orm';
import type { Case, CaseTask } from '@fcc/shared';
import type { Executor } from '../../db/client';
import { isoTimestamp } from '../../db/iso-timestamp';

const CASE_COLUMNS = sql.raw(`c.id, c.code, c.title, c.description, c.legal_hold AS "legalHold",
  c.legal_hold_reason AS "legalHoldReason", ${isoTimestamp('c.created_at')} AS "createdAt",
  (SELECT count(*) FROM case_tasks ct WHERE ct.case_id = c.id)::int AS "taskCount",
  (SELECT count(*) FROM case_recordings cr WHERE cr.case_id = c.id)::int AS "recordingCount"`);

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
