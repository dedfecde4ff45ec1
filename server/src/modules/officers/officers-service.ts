// Officers: the people in the field, each responsible for a grid area.
import type { Officer, OfficerCreateBody, OfficerUpdateBody } from '@fcc/shared';
import type { Database } from '../../db/client';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/pg-errors';
import { ConflictError, NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import type { OfficerRow, OfficersRepository } from './officers-repository';

export class OfficersService {
  constructor(
    private readonly db: Database,
    private readonly officers: OfficersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<Officer[]> {
    return (await this.officers.list()).map(toOfficer);
  }

  async find(id: string): Promise<Officer | undefined> {
    const row = await this.officers.findById(this.db, id);
    return row && toOfficer(row);
  }

  async create(actor: AuditActor, body: OfficerCreateBody): Promise<Officer> {
    try {
      return await this.db.transaction(async (tx) => {
        const row = await this.officers.insert(tx, {
          badgeNo: body.badgeNo,
          name: body.name,
          phone: body.phone ?? null,
          areaId: body.areaId ?? null,
        });
        await this.audit.record(tx, actor, {
          action: 'officer.created',
          targetType: 'officer',
          targetId: row.id,
          details: { badgeNo: row.badgeNo, name: row.name, areaId: row.areaId },
        });
        return toOfficer(row);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`Badge number "${body.badgeNo}" is already used.`);
      if (isForeignKeyViolation(error)) throw new NotFoundError(`No grid area with id ${body.areaId}.`);
      throw error;
    }
  }

  async update(actor: AuditActor, id: string, body: OfficerUpdateBody): Promise<Officer> {
    try {
      return await this.db.transaction(async (tx) => {
        const row = await this.officers.update(tx, id, body);
        if (!row) throw new NotFoundError(`No officer with id ${id}.`);
        await this.audit.record(tx, actor, {
          action: 'officer.updated',
          targetType: 'officer',
          targetId: id,
          details: { ...body },
        });
        return toOfficer(row);
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new NotFoundError(`No grid area with id ${body.areaId}.`);
      throw error;
    }
  }
}

function toOfficer(row: OfficerRow): Officer {
  return {
    id: row.id,
    badgeNo: row.badgeNo,
    name: row.name,
    phone: row.phone,
    areaId: row.areaId,
    status: row.status,
  };
}
