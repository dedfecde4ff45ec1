// The fleet: registering devices, binding them to officers, issuing and revoking tokens (a
// revoked or replaced token also closes the sockets opened with it).
import type { Device, DeviceCreateBody, DeviceSelf, DeviceTokenIssued, DeviceUpdateBody } from '@fcc/shared';
import type { Database } from '../../db/client';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/pg-errors';
import { ConflictError, NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import type { DevicePrincipal } from '../auth/principal';
import { newToken } from '../auth/tokens';
import type { OfficersService } from '../officers/officers-service';
import type { LiveHub } from '../positions/live-hub';
import type { DeviceRow, DevicesRepository } from './devices-repository';

export class DevicesService {
  constructor(
    private readonly db: Database,
    private readonly devices: DevicesRepository,
    private readonly officers: OfficersService,
    private readonly audit: AuditService,
    private readonly hub: LiveHub,
  ) {}

  async list(): Promise<Device[]> {
    return (await this.devices.list()).map(toDevice);
  }

  async create(actor: AuditActor, body: DeviceCreateBody): Promise<Device> {
    try {
      return await this.db.transaction(async (tx) => {
        const row = await this.devices.insert(tx, { ...body, officerId: body.officerId ?? null });
        await this.audit.record(tx, actor, {
          action: 'device.created',
          targetType: 'device',
          targetId: row.id,
          details: { kind: row.kind, uniqueId: row.uniqueId, officerId: row.officerId },
        });
        return toDevice(row);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`A device with unique id "${body.uniqueId}" exists.`);
      if (isForeignKeyViolation(error)) throw new NotFoundError(`No officer with id ${body.officerId}.`);
      throw error;
    }
  }

  async update(actor: AuditActor, id: string, body: DeviceUpdateBody): Promise<Device> {
    try {
      return await this.db.transaction(async (tx) => {
        const row = await this.devices.update(tx, id, body);
        if (!row) throw new NotFoundError(`No device with id ${id}.`);
        await this.audit.record(tx, actor, {
          action: 'device.updated',
          targetType: 'device',
          targetId: id,
          details: { ...body },
        });
        return toDevice(row);
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new NotFoundError(`No officer with id ${body.officerId}.`);
      throw error;
    }
  }

  /** A new token replaces the old one at once; the token is returned only here. */
  async issueToken(actor: AuditActor, id: string): Promise<DeviceTokenIssued> {
    const { token, hash } = newToken('device');
    const issued = await this.db.transaction(async (tx) => {
      const before = await this.devices.findById(tx, id);
      const row = await this.devices.setToken(tx, id, hash);
      if (!row || !before) throw new NotFoundError(`No device with id ${id}.`);
      await this.audit.record(tx, actor, {
        action: 'device.token-issued',
        targetType: 'device',
        targetId: id,
        details: { replacedPrevious: before.hasToken },
      });
      return { deviceId: id, token, issuedAt: row.tokenIssuedAt!.toISOString(), replaced: before.hasToken };
    });
    // Whoever held the old token is connected with it no longer.
    if (issued.replaced) this.hub.emit('deviceTokenRevoked', id);
    return { deviceId: issued.deviceId, token: issued.token, issuedAt: issued.issuedAt };
  }

  async revokeToken(actor: AuditActor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await this.devices.setToken(tx, id, null);
      if (!row) throw new NotFoundError(`No device with id ${id}.`);
      await this.audit.record(tx, actor, {
        action: 'device.token-revoked',
        targetType: 'device',
        targetId: id,
      });
    });
    this.hub.emit('deviceTokenRevoked', id);
  }

  async self(principal: DevicePrincipal): Promise<DeviceSelf> {
    const row = await this.devices.findById(this.db, principal.device.id);
    if (!row) throw new NotFoundError('This device no longer exists.');
    const officer = row.officerId ? await this.officers.find(row.officerId) : null;
    return { device: toDevice(row), officer: officer ?? null };
  }
}

function toDevice(row: DeviceRow): Device {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    uniqueId: row.uniqueId,
    officerId: row.officerId,
    hasToken: row.hasToken,
    tokenIssuedAt: row.tokenIssuedAt?.toISOString() ?? null,
  };
}
