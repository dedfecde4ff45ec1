// Accounts of people (not devices).
import { asc, eq, sql } from 'drizzle-orm';
import type { Role } from '@fcc/shared';
import type { Database, Executor } from '../../db/client';
import { users } from '../../db/schema';

export type UserRow = typeof users.$inferSelect;

export class UsersRepository {
  constructor(private readonly db: Database) {}

  async findByUsername(username: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.username, username));
    return row;
  }

  async findById(executor: Executor, id: string): Promise<UserRow | undefined> {
    const [row] = await executor.select().from(users).where(eq(users.id, id));
    return row;
  }

  list(): Promise<UserRow[]> {
    return this.db.select().from(users).orderBy(asc(users.username));
  }

  async countByRole(role: Role): Promise<number> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.role, role));
    return row?.count ?? 0;
  }

  async insert(
    executor: Executor,
    user: {
      username: string;
      displayName: string;
      passwordHash: string;
      role: Role;
      officerId: string | null;
    },
  ): Promise<UserRow> {
    const [row] = await executor.insert(users).values(user).returning();
    return row!;
  }

  async update(
    executor: Executor,
    id: string,
    changes: Partial<Pick<UserRow, 'displayName' | 'passwordHash' | 'role' | 'officerId' | 'disabledAt'>>,
  ): Promise<UserRow | undefined> {
    const [row] = await executor
      .update(users)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning();
    return row;
  }
}
