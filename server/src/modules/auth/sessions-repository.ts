// Sign-in sessions: only token hashes are stored.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { sessions, users } from '../../db/schema';

export class SessionsRepository {
  constructor(private readonly db: Database) {}

  async create(
    executor: Executor,
    session: { userId: string; tokenHash: Buffer; expiresAt: Date; ip: string | null },
  ): Promise<{ id: string }> {
    const [row] = await executor.insert(sessions).values(session).returning({ id: sessions.id });
    return row!;
  }

  async findWithUser(tokenHash: Buffer) {
    const [row] = await this.db
      .select({
        sessionId: sessions.id,
        expiresAt: sessions.expiresAt,
        revokedAt: sessions.revokedAt,
        user: {
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          role: users.role,
          officerId: users.officerId,
          disabledAt: users.disabledAt,
        },
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, tokenHash));
    return row;
  }

  async revoke(executor: Executor, sessionId: string): Promise<void> {
    await executor
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
  }

  async revokeAllOfUser(executor: Executor, userId: string): Promise<void> {
    await executor
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  }
}
