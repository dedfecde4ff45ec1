// Who did what, when, from where: recorded in the same transaction as the change.
import type { AuditEntry, AuditQuery, AuditVerification } from '@fcc/shared';
import type { Executor } from '../../db/client';
import type { Principal } from '../auth/principal';
import { verifyChain, type ChainedRow } from './audit-chain';
import type { AuditRepository } from './audit-repository';

export interface AuditEvent {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Who acted: a signed-in principal, someone who only claimed a name (a failed sign-in), or the system. */
export type AuditActor = { principal: Principal; ip: string | null } | { name: string; ip: string | null };

export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(executor: Executor, actor: AuditActor, event: AuditEvent): Promise<void> {
    const principal = 'principal' in actor ? actor.principal : null;
    return this.repository.append(executor, {
      at: new Date(),
      actor: principal ? principalLabel(principal) : (actor as { name: string }).name,
      actorUserId: principal?.kind === 'user' ? principal.user.id : null,
      actorDeviceId: principal?.kind === 'device' ? principal.device.id : null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      ip: actor.ip,
      details: event.details ?? {},
    });
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const rows = await this.repository.list({ ...query, limit: query.limit ?? 100 });
    return rows.map(toAuditEntry);
  }

  async forTarget(targetType: string, targetId: string, limit = 500): Promise<AuditEntry[]> {
    const rows = await this.repository.listForTarget(targetType, targetId, limit);
    return rows.map(toAuditEntry);
  }

  async verify(): Promise<AuditVerification> {
    const { checked, firstBrokenId } = await verifyChain(this.repository.walk());
    return { ok: firstBrokenId === null, checked, firstBrokenId };
  }
}

export const SYSTEM_ACTOR: AuditActor = { name: 'system', ip: null };

function principalLabel(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return principal.user.username;
    case 'device':
      return `device:${principal.device.uniqueId}`;
    case 'partner':
      return `partner:${principal.partner.name}`;
  }
}

function toAuditEntry(row: ChainedRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    details: row.details,
    hash: row.hash.toString('hex'),
  };
}
