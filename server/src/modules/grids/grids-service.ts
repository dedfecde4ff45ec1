// Grid areas (片区) and cells (网格). Bulk generation and GeoJSON import belong to the dispatch issue.
import type {
  GridAreaCollection,
  GridAreaCreateBody,
  GridCellCollection,
  GridCellCreateBody,
  GridCellUpdateBody,
} from '@fcc/shared';
import type { Database, Executor } from '../../db/client';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/pg-errors';
import { BadRequestError, ConflictError, NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import type { GridsRepository } from './grids-repository';

export class GridsService {
  constructor(
    private readonly db: Database,
    private readonly grids: GridsRepository,
    private readonly audit: AuditService,
  ) {}

  areas(): Promise<GridAreaCollection> {
    return this.grids.areasGeoJson();
  }

  cells(): Promise<GridCellCollection> {
    return this.grids.cellsGeoJson();
  }

  async createArea(actor: AuditActor, body: GridAreaCreateBody): Promise<{ id: string }> {
    try {
      return await this.db.transaction(async (tx) => {
        const area = await this.grids.insertArea(tx, body);
        await this.audit.record(tx, actor, {
          action: 'grid.area-created',
          targetType: 'grid-area',
          targetId: area.id,
          details: { ...body },
        });
        return area;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`Grid area code "${body.code}" is already used.`);
      throw error;
    }
  }

  async createCell(actor: AuditActor, body: GridCellCreateBody): Promise<{ id: string }> {
    try {
      return await this.db.transaction(async (tx) => {
        await this.ensureValidPolygon(tx, body.geometry, body.code);
        const cell = await this.grids.insertCell(tx, body);
        await this.grids.refreshAreaGeometry(tx, body.areaId);
        await this.audit.record(tx, actor, {
          action: 'grid.cell-created',
          targetType: 'grid-cell',
          targetId: cell.id,
          details: { code: body.code, name: body.name, areaId: body.areaId },
        });
        return cell;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`Grid cell code "${body.code}" is already used.`);
      if (isForeignKeyViolation(error)) throw new NotFoundError(`No grid area with id ${body.areaId}.`);
      throw error;
    }
  }

  async updateCell(actor: AuditActor, id: string, body: GridCellUpdateBody): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (body.geometry) await this.ensureValidPolygon(tx, body.geometry, id);
      const cell = await this.grids.updateCell(tx, id, body);
      if (!cell) throw new NotFoundError(`No grid cell with id ${id}.`);
      if (body.geometry) await this.grids.refreshAreaGeometry(tx, cell.areaId);
      await this.audit.record(tx, actor, {
        action: 'grid.cell-updated',
        targetType: 'grid-cell',
        targetId: id,
        details: { name: body.name, geometryChanged: body.geometry !== undefined },
      });
    });
  }

  async deleteCell(actor: AuditActor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const codes = await this.grids.cellCodes(tx, id);
      const cell = await this.grids.deleteCell(tx, id);
      if (!cell) throw new NotFoundError(`No grid cell with id ${id}.`);
      await this.grids.refreshAreaGeometry(tx, cell.areaId);
      await this.audit.record(tx, actor, {
        action: 'grid.cell-deleted',
        targetType: 'grid-cell',
        targetId: id,
        details: { code: codes?.code },
      });
    });
  }

  private async ensureValidPolygon(
    executor: Executor,
    geometry: GridCellCreateBody['geometry'],
    label: string,
  ) {
    const ring = geometry.coordinates[0]!;
    const [first, last] = [ring[0]!, ring[ring.length - 1]!];
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw new BadRequestError(
        `Grid cell ${label}: the polygon's outer ring is not closed (first point ≠ last).`,
      );
    }
    const outOfRange = ring.find(([lon, lat]) => Math.abs(lon!) > 180 || Math.abs(lat!) > 90);
    if (outOfRange) {
      throw new BadRequestError(
        `Grid cell ${label}: coordinate [${outOfRange.join(', ')}] is not a [lon, lat].`,
      );
    }
    const reason = await this.grids.invalidityReason(executor, geometry);
    if (reason) throw new BadRequestError(`Grid cell ${label}: the polygon is not valid: ${reason}.`);
  }
}
