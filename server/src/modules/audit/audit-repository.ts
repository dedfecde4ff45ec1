// Appends to and reads the audit log; the only module that touches audit_log.
import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { auditLog } from '../../db/schema';
import { chainHash, GENESIS_HASH, type AuditContent, type ChainedRow } from './audit-chain';

// Serializes appends so each row links to the one committed before it.
const AUDIT_CHAIN_LOCK = 7461002;

export class AuditRepository {
  constructor(private readonly db: Database) {}

  async append(executor: Executor, content: AuditContent): Promise<void> {
    await executor.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [last] = await executor
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(1);
    const prevHash = last?.hash ?? GENESIS_HASH;
    await executor.insert(auditLog).values({ ...content, prevHash, hash: chainHash(prevHash, content) });
  }

  async list(filter: { action?: string; before?: number; limit: number }): Promise<ChainedRow[]> {
    const conditions: SQL[] = [];
    if (filter.action) conditions.push(eq(auditLog.action, filter.action));
    if (filter.before) conditions.push(lt(auditLog.id, filter.before));
    return (await this.db
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.id))
      .limit(filter.limit)) as ChainedRow[];
  }

  /** The trail of one thing (a recording, a case …), oldest first. */
  async listForTarget(targetType: string, targetId: string, limit: number): Promise<ChainedRow[]> {
    return (await this.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, targetId)))
      .orderBy(asc(auditLog.id))
      .limit(limit)) as ChainedRow[];
  }

  /** Rows in id order, a page at a time, so verifying a long log stays in bounded memory. */
  async *walk(pageSize = 5000): AsyncGenerator<ChainedRow> {
    let after = 0;
    for (;;) {
      const page = (await this.db
        .select()
        .from(auditLog)
        .where(gt(auditLog.id, after))
        .orderBy(asc(auditLog.id))
        .limit(pageSize)) as ChainedRow[];
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!.id;
    }
  }
}
