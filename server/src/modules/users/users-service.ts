// Accounts and roles, each change audited in the same transaction.
import type { User, UserCreateBody, UserUpdateBody } from '@fcc/shared';
import type { Database } from '../../db/client';
import { ConflictError, NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import type { SessionsRepository } from '../auth/sessions-repository';
import type { LiveHub } from '../positions/live-hub';
import { hashPassword } from '../auth/passwords';
import { isUniqueViolation, isForeignKeyViolation } from '../../db/pg-errors';
import { toUser } from './user-view';
import type { UsersRepository } from './users-repository';

export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly hub: Pick<LiveHub, 'emit'>,
  ) {}

  async list(): Promise<User[]> {
    return (await this.users.list()).map(toUser);
  }

  async get(id: string): Promise<User> {
    const row = await this.users.findById(this.db, id);
    if (!row) throw new NotFoundError(`No user with id ${id}.`);
    return toUser(row);
  }

  async create(actor: AuditActor, body: UserCreateBody): Promise<User> {
    const passwordHash = await hashPassword(body.password);
    try {
      return await this.db.transaction(async (tx) => {
        const row = await this.users.insert(tx, {
          username: body.username,
          displayName: body.displayName,
          passwordHash,
          role: body.role,
          officerId: body.officerId ?? null,
        });
        await this.audit.record(tx, actor, {
          action: 'user.created',
          targetType: 'user',
          targetId: row.id,
          details: { username: row.username, role: row.role, officerId: row.officerId },
        });
        return toUser(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`The username "${body.username}" is taken.`);
      if (isForeignKeyViolation(error)) throw new NotFoundError(`No officer with id ${body.officerId}.`);
      throw error;
    }
  }

  async update(actor: AuditActor, id: string, body: UserUpdateBody): Promise<User> {
    const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
    // A new role, password or a disabled account takes effect now, not at the next sign-in.
    const revokesSessions = body.role !== undefined || passwordHash !== undefined || body.disabled === true;
    try {
      const user = await this.db.transaction(async (tx) => {
        const before = await this.users.findById(tx, id);
        if (!before) throw new NotFoundError(`No user with id ${id}.`);
        const disabledAt =
          body.disabled === undefined ? undefined : body.disabled ? (before.disabledAt ?? new Date()) : null;
        const row = await this.users.update(tx, id, {
          ...(body.displayName !== undefined && { displayName: body.displayName }),
          ...(passwordHash !== undefined && { passwordHash }),
          ...(body.role !== undefined && { role: body.role }),
          ...(body.officerId !== undefined && { officerId: body.officerId }),
          ...(disabledAt !== undefined && { disabledAt }),
        });
        if (revokesSessions) await this.sessions.revokeAllOfUser(tx, id);
        await this.audit.record(tx, actor, {
          action: body.role !== undefined && body.role !== before.role ? 'user.role-changed' : 'user.updated',
          targetType: 'user',
          targetId: id,
          details: {
            changed: Object.keys(body).filter((key) => key !== 'password'),
            passwordChanged: passwordHash !== undefined,
            ...(body.role !== undefined && { roleBefore: before.role, roleAfter: body.role }),
          },
        });
        return toUser(row!);
      });
      if (revokesSessions) this.hub.emit('userSessionsRevoked', id);
      return user;
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new NotFoundError(`No officer with id ${body.officerId}.`);
      throw error;
    }
  }
}
