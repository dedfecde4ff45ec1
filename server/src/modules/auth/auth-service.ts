// Sign-in, sign-out, and turning a bearer token into a principal.
import type { LoginResponse } from '@fcc/shared';
import type { Database } from '../../db/client';
import { UnauthorizedError } from '../../http/errors';
import type { AuditService } from '../audit/audit-service';
import type { DevicesRepository } from '../devices/devices-repository';
import type { LiveHub } from '../positions/live-hub';
import { toUser } from '../users/user-view';
import type { UsersRepository } from '../users/users-repository';
import { hashPassword, verifyPassword } from './passwords';
import type { PartnersRepository } from '../partners/partners-repository';
import type { PartnerPrincipal, Principal, UserPrincipal } from './principal';
import type { SessionsRepository } from './sessions-repository';
import { hashToken, newToken, tokenKind } from './tokens';

export class AuthService {
  // Verified against when the username is unknown, so that a wrong username
  // takes as long as a wrong password and does not reveal which accounts exist.
  private readonly decoyHash = hashPassword('decoy password that never matches');

  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly devices: DevicesRepository,
    private readonly partners: Pick<PartnersRepository, 'findByKeyHash'>,
    private readonly audit: AuditService,
    private readonly sessionHours: number,
    private readonly hub: Pick<LiveHub, 'emit'>,
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<LoginResponse> {
    const user = await this.users.findByUsername(username);
    const passwordOk = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), password);
    if (!user || !passwordOk || user.disabledAt) {
      const reason = !user ? 'unknown username' : !passwordOk ? 'wrong password' : 'account disabled';
      await this.audit.record(
        this.db,
        { name: username, ip },
        {
          action: 'auth.sign-in-failed',
          targetType: 'user',
          ...(user ? { targetId: user.id } : {}),
          details: { reason },
        },
      );
      throw new UnauthorizedError(
        user?.disabledAt && passwordOk
          ? 'This account is disabled. Ask an administrator to enable it.'
          : 'Wrong username or password.',
      );
    }
    const { token, hash } = newToken('user');
    const expiresAt = new Date(Date.now() + this.sessionHours * 3600_000);
    await this.db.transaction(async (tx) => {
      const session = await this.sessions.create(tx, { userId: user.id, tokenHash: hash, expiresAt, ip });
      await this.audit.record(
        tx,
        { name: user.username, ip },
        {
          action: 'auth.sign-in',
          targetType: 'user',
          targetId: user.id,
          details: { sessionId: session.id },
        },
      );
    });
    return { token, expiresAt: expiresAt.toISOString(), user: toUser(user) };
  }

  async logout(principal: UserPrincipal, ip: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.sessions.revoke(tx, principal.sessionId);
      await this.audit.record(
        tx,
        { principal, ip },
        {
          action: 'auth.sign-out',
          targetType: 'user',
          targetId: principal.user.id,
        },
      );
    });
    this.hub.emit('sessionRevoked', principal.sessionId);
  }

  async authenticate(token: string): Promise<Principal> {
    const kind = tokenKind(token);
    if (kind === 'user') return this.authenticateUser(token);
    if (kind === 'device') return this.authenticateDevice(token);
    if (kind === 'partner') return this.authenticatePartner(token);
    throw new UnauthorizedError('The bearer token is not one this server issued.');
  }

  private async authenticateUser(token: string): Promise<UserPrincipal> {
    const session = await this.sessions.findWithUser(hashToken(token));
    if (!session) throw new UnauthorizedError('The bearer token is not valid; sign in again.');
    if (session.revokedAt) throw new UnauthorizedError('This session was signed out; sign in again.');
    if (session.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedError('Your session has expired; sign in again.');
    }
    if (session.user.disabledAt) throw new UnauthorizedError('This account is disabled.');
    const { disabledAt: _disabled, ...user } = session.user;
    return { kind: 'user', sessionId: session.sessionId, user };
  }

  private async authenticateDevice(token: string): Promise<Principal> {
    const device = await this.devices.findByTokenHash(hashToken(token));
    if (!device) {
      throw new UnauthorizedError(
        'The device token is not valid: it was revoked or replaced. Ask an administrator for a new one.',
      );
    }
    return {
      kind: 'device',
      device: { id: device.id, uniqueId: device.uniqueId, kind: device.kind, officerId: device.officerId },
    };
  }

  private async authenticatePartner(token: string): Promise<PartnerPrincipal> {
    const partner = await this.partners.findByKeyHash(hashToken(token));
    if (!partner) throw new UnauthorizedError('The partner API key is not valid.');
    if (partner.revoked) {
      throw new UnauthorizedError(
        'This partner API key was revoked. Ask the command centre’s administrator for a new one.',
      );
    }
    return { kind: 'partner', partner: { id: partner.id, name: partner.name, scopes: partner.scopes } };
  }
}
