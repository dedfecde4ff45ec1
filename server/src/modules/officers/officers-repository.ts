// Officers (执法人员).
import { asc, eq, sql } from 'drizzle-orm';
import type { OfficerStatus } from '@fcc/shared';
import type { Database, Executor } from '../../db/client';
import { officers } from '../../db/schema';

export type OfficerRow = typeof officers.$inferSelect;

export class OfficersRepository {
  constructor(private readonly db: Database) {}

  list(): Promise<OfficerRow[]> {
    return this.db.select().from(officers).orderBy(asc(officers.badgeNo));
  }

  async findById(executor: Executor, id: string): Promise<OfficerRow | undefined> {
    const [row] = await executor.select().from(officers).where(eq(officers.id, id));
    return row;
  }

  async insert(
    executor: Executor,
    officer: { badgeNo: string; name: string; phone: string | null; areaId: string | null },
  ): Promise<OfficerRow> {
    const [row] = await executor.insert(officers).values(officer).returning();
    return row!;
  }

  async update(
    executor: Executor,
    id: string,
    changes: { name?: string; phone?: string | null; areaId?: string | null; status?: OfficerStatus },
  ): Promise<OfficerRow | undefined> {
    const [row] = await executor
      .update(officers)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(officers.id, id))
      .returning();
    return row;
  }
}
