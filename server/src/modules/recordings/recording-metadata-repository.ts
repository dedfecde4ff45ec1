// Writes of a recording's description (stage, what it proves, linked tasks, mark, recorder) and of
// its retention state, in the caller's transaction so that the audit entry commits with them.
import { sql } from 'drizzle-orm';
import type { RecordingStage } from '@fcc/shared';
import type { Executor } from '../../db/client';

export interface LockedRecording {
  id: string;
  officerId: string | null;
  stage: RecordingStage | null;
  purpose: string | null;
  marked: boolean;
  endedAt: Date | null;
  caseId: string | null;
  mediaDeletedAt: Date | null;
  taskIds: string[];
}

export interface DescriptionChange {
  stage?: RecordingStage;
  purpose?: string;
  marked?: boolean;
  officerId?: string;
}

/**
 * Why a recording may not be deleted by retention, as SQL over `r`: marked, held itself, in a
 * case, or linked to a task of a case under legal hold.
 */
export const RETAINED = sql`(r.marked OR r.legal_hold
  OR EXISTS (SELECT 1 FROM case_recordings cr WHERE cr.recording_id = r.id)
  OR EXISTS (SELECT 1 FROM recording_tasks rt JOIN case_tasks ct ON ct.task_id = rt.task_id
             JOIN cases c ON c.id = ct.case_id WHERE rt.recording_id = r.id AND c.legal_hold))`;

export class RecordingMetadataRepository {
  /** Locks the row: an edit, an attachment to a case and a deletion never interleave. */
  async lock(executor: Executor, id: string): Promise<LockedRecording | undefined> {
    const { rows } = await executor.execute<Record<string, unknown>>(sql`
      SELECT r.id, r.officer_id AS "officerId", r.stage, r.purpose, r.marked,
             r.ended_at AS "endedAt", r.media_deleted_at AS "mediaDeletedAt",
             (SELECT cr.case_id FROM case_recordings cr WHERE cr.recording_id = r.id) AS "caseId",
             coalesce((SELECT array_agg(rt.task_id::text ORDER BY rt.task_id) FROM recording_tasks rt
                       WHERE rt.recording_id = r.id), '{}') AS "taskIds"
      FROM recordings r WHERE r.id = ${id} FOR UPDATE OF r`);
    return rows[0] as LockedRecording | undefined;
  }

  async describe(executor: Executor, id: string, change: DescriptionChange, userId: string): Promise<void> {
    await executor.execute(sql`
      UPDATE recordings SET
        stage = coalesce(${change.stage ?? null}, stage),
        purpose = coalesce(${change.purpose ?? null}, purpose),
        marked = coalesce(${change.marked ?? null}::boolean, marked),
        officer_id = coalesce(${change.officerId ?? null}::uuid, officer_id),
        described_at = now(), described_by = ${userId}
      WHERE id = ${id}`);
  }

  /** Of the given task ids, those that do not exist. */
  async unknownTasks(executor: Executor, taskIds: string[]): Promise<string[]> {
    const { rows } = await executor.execute<{ id: string }>(sql`
      SELECT wanted.id FROM json_array_elements_text(${JSON.stringify(taskIds)}::json) AS wanted(id)
      WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id::text = wanted.id)`);
    return rows.map((row) => row.id);
  }

  async officerExists(executor: Executor, officerId: string): Promise<boolean> {
    const { rows } = await executor.execute(sql`SELECT 1 FROM officers WHERE id = ${officerId}`);
    return rows.length > 0;
  }

  async replaceTasks(executor: Executor, id: string, taskIds: string[]): Promise<void> {
    await executor.execute(sql`DELETE FROM recording_tasks WHERE recording_id = ${id}`);
    await executor.execute(sql`
      INSERT INTO recording_tasks (recording_id, task_id)
      SELECT ${id}, wanted.id::uuid FROM json_array_elements_text(${JSON.stringify(taskIds)}::json) AS wanted(id)`);
  }

  /** Finished recordings past the cutoff whose media may go; locked rows are skipped (being edited). */
  async deletable(executor: Executor, endedBefore: Date, limit: number): Promise<string[]> {
    const { rows } = await executor.execute<{ id: string }>(sql`
      SELECT r.id FROM recordings r
      WHERE r.ended_at IS NOT NULL AND r.ended_at < ${endedBefore.toISOString()}
        AND r.media_deleted_at IS NULL AND NOT ${RETAINED}
      ORDER BY r.ended_at LIMIT ${limit}`);
    return rows.map((row) => row.id);
  }

  /** Under the row lock: still deletable (nothing attached, marked or held since it was listed)? */
  async stillDeletable(executor: Executor, id: string, endedBefore: Date): Promise<boolean> {
    const { rows } = await executor.execute(sql`
      SELECT 1 FROM recordings r
      WHERE r.id = ${id} AND r.ended_at < ${endedBefore.toISOString()}
        AND r.media_deleted_at IS NULL AND NOT ${RETAINED}`);
    return rows.length > 0;
  }

  async markMediaDeleted(executor: Executor, id: string, reason: string): Promise<void> {
    await executor.execute(
      sql`UPDATE recordings SET media_deleted_at = now(), media_deleted_reason = ${reason} WHERE id = ${id}`,
    );
  }
}
