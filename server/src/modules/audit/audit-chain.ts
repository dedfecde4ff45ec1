// The audit log's hash chain: each row's hash covers the previous row's hash and
// the row's own content, so an edited, removed or reordered row breaks the chain.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json';

export interface AuditContent {
  at: Date;
  actor: string;
  actorUserId: string | null;
  actorDeviceId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export const GENESIS_HASH: Buffer = Buffer.alloc(32);

export function chainHash(prevHash: Buffer, content: AuditContent): Buffer {
  return createHash('sha256')
    .update(prevHash)
    .update(
      // Fields named one by one: a row read back carries more (id, hashes) than was hashed.
      canonicalJson({
        at: content.at.toISOString(),
        actor: content.actor,
        actorUserId: content.actorUserId,
        actorDeviceId: content.actorDeviceId,
        action: content.action,
        targetType: content.targetType,
        targetId: content.targetId,
        ip: content.ip,
        details: content.details,
      }),
    )
    .digest();
}

export interface ChainedRow extends AuditContent {
  id: number;
  prevHash: Buffer;
  hash: Buffer;
}

/** Walks the rows in id order; reports how many checked out and the first that did not. */
export async function verifyChain(
  rows: AsyncIterable<ChainedRow> | Iterable<ChainedRow>,
): Promise<{ checked: number; firstBrokenId: number | null }> {
  let checked = 0;
  let expectedPrev = GENESIS_HASH;
  for await (const row of rows) {
    if (!row.prevHash.equals(expectedPrev) || !row.hash.equals(chainHash(row.prevHash, row))) {
      return { checked, firstBrokenId: row.id };
    }
    expectedPrev = row.hash;
    checked++;
  }
  return { checked, firstBrokenId: null };
}
