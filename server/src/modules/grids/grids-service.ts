// Grid areas (片区) and cells (网格): single changes, bulk generation, and GeoJSON import and
// export. Each change commits together with its audit rows, or not at all.
import {
  MIN_CLIPPED_CELL_FRACTION,
  type GridAreaCollection,
  type GridAreaCreateBody,
  type GridCellCollection,
  type GridCellCreateBody,
  type GridCellUpdateBody,
  type GridFile,
  type GridGenerateBody,
  type GridGenerateResult,
  type GridImportResult,
} from '@fcc/shared';
import type { Database, Executor } from '../../db/client';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/pg-errors';
import { ConflictError, NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import { GridGeometryRepository } from './grid-geometry-repository';
import { generationExtent, gridSquares, numberedCells, type GridExtent } from './grid-generation';
import { flatPolygon } from './grid-shape';
import { GridValidation, type ImportedCell, type PlannedCell } from './grid-validation';
import type { GridsRepository } from './grids-repository';

export class GridsService {
  private readonly validation: GridValidation;

  constructor(
    private readonly db: Database,
    private readonly grids: GridsRepository,
    private readonly audit: AuditService,
    // Stateless; defaulted so the composition root need not know about it.
    private readonly geometry = new GridGeometryRepository(),
  ) {
    this.validation = new GridValidation(geometry);
  }

  areas(): Promise<GridAreaCollection> {
    return this.grids.areasGeoJson();
  }

  cells(): Promise<GridCellCollection> {
    return this.grids.cellsGeoJson();
  }

  async createArea(actor: AuditActor, body: GridAreaCreateBody): Promise<{ id: string }> {
    try {
      return await this.db.transaction((tx) => this.insertAuditedArea(tx, actor, body));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`Grid area code "${body.code}" is already used.`);
      throw error;
    }
  }

  async createCell(actor: AuditActor, body: GridCellCreateBody): Promise<{ id: string }> {
    try {
      return await this.db.transaction(async (tx) => {
        const geometry = flatPolygon(body.geometry.coordinates);
        await this.validation.ensureUsablePolygon(tx, geometry, `Grid cell ${body.code}`);
        await this.validation.ensureNoOverlap(tx, [{ code: body.code, geometry }]);
        const cell = await this.grids.insertCell(tx, { ...body, geometry });
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
    try {
      await this.db.transaction(async (tx) => {
        const before = await this.grids.findCell(tx, id);
        if (!before) throw new NotFoundError(`No grid cell with id ${id}.`);
        const code = body.code ?? before.code;
        const geometry = body.geometry && flatPolygon(body.geometry.coordinates);
        if (geometry) {
          await this.validation.ensureUsablePolygon(tx, geometry, `Grid cell ${code}`);
          await this.validation.ensureNoOverlap(tx, [{ code, geometry }], id);
        }
        const { name, areaId } = body;
        await this.grids.updateCell(tx, id, { code: body.code, name, areaId, geometry });
        const moved = areaId !== undefined && areaId !== before.areaId;
        if (geometry || moved) await this.grids.refreshAreaGeometry(tx, before.areaId);
        if (moved) await this.grids.refreshAreaGeometry(tx, areaId);
        await this.audit.record(tx, actor, {
          action: 'grid.cell-updated',
          targetType: 'grid-cell',
          targetId: id,
          details: {
            ...(body.code !== undefined &&
              body.code !== before.code && { code: body.code, formerCode: before.code }),
            name,
            ...(moved && { areaId, formerAreaId: before.areaId }),
            geometryChanged: geometry !== undefined,
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`Grid cell code "${body.code}" is already used.`);
      if (isForeignKeyViolation(error)) throw new NotFoundError(`No grid area with id ${body.areaId}.`);
      throw error;
    }
  }

  async deleteCell(actor: AuditActor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const codes = await this.grids.findCell(tx, id);
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

  async generate(actor: AuditActor, body: GridGenerateBody): Promise<GridGenerateResult> {
    const extent = generationExtent(body);
    try {
      return await this.db.transaction(async (tx) => {
        if (extent.clipTo) await this.validation.ensureUsablePolygon(tx, extent.clipTo, 'The polygon');
        const area = await this.generationArea(tx, actor, body.area);
        const cells = await this.plannedCells(tx, area, extent, body);
        await this.validation.ensureCodesUnused(
          tx,
          cells.map((cell) => cell.code),
        );
        await this.validation.ensureNoOverlap(tx, cells);
        const cellIds = await this.grids.insertCells(
          tx,
          cells.map((cell) => ({ ...cell, areaId: area.id })),
        );
        await this.grids.refreshAreaGeometry(tx, area.id);
        await this.audit.record(tx, actor, {
          action: 'grid.cells-generated',
          targetType: 'grid-area',
          targetId: area.id,
          details: {
            rows: body.rows,
            columns: body.columns,
            extent: extent.clipTo ? 'polygon' : 'bbox',
            bbox: extent.bbox,
            count: cells.length,
            codes: [cells[0]?.code, cells.at(-1)?.code],
          },
        });
        return { areaId: area.id, cellIds, count: cellIds.length };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw concurrentCodeConflict();
      throw error;
    }
  }

  /** Creates the areas a file names that do not exist yet, then its cells; all or nothing. */
  async importFile(actor: AuditActor, file: GridFile): Promise<GridImportResult> {
    try {
      return await this.db.transaction(async (tx) => {
        const cells = await this.validation.importableCells(tx, file.features);
        const { areaIds, created } = await this.importAreas(tx, actor, cells);
        await this.grids.insertCells(
          tx,
          cells.map((cell) => ({
            areaId: areaIds.get(cell.areaCode)!,
            code: cell.code,
            name: cell.name,
            geometry: cell.geometry,
          })),
        );
        for (const areaId of new Set(areaIds.values())) await this.grids.refreshAreaGeometry(tx, areaId);
        await this.audit.record(tx, actor, {
          action: 'grid.imported',
          details: { cellsCreated: cells.length, areasCreated: created, areas: [...areaIds.keys()] },
        });
        return { areasCreated: created.length, cellsCreated: cells.length };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw concurrentCodeConflict();
      throw error;
    }
  }

  exportFile(): Promise<GridFile> {
    return this.grids.gridFile();
  }

  private async insertAuditedArea(
    executor: Executor,
    actor: AuditActor,
    area: GridAreaCreateBody,
  ): Promise<{ id: string }> {
    const created = await this.grids.insertArea(executor, area);
    await this.audit.record(executor, actor, {
      action: 'grid.area-created',
      targetType: 'grid-area',
      targetId: created.id,
      details: { ...area },
    });
    return created;
  }

  private async generationArea(
    executor: Executor,
    actor: AuditActor,
    area: GridGenerateBody['area'],
  ): Promise<{ id: string; code: string; name: string }> {
    if ('areaId' in area) {
      const existing = await this.grids.findArea(executor, area.areaId);
      if (!existing) throw new NotFoundError(`No grid area with id ${area.areaId}.`);
      return existing;
    }
    if ((await this.grids.areaIdsByCode(executor, [area.code])).size > 0) {
      throw new ConflictError(
        `Grid area code "${area.code}" is already used; to add cells to that area, give { areaId }.`,
      );
    }
    const { id } = await this.insertAuditedArea(executor, actor, area);
    return { id, ...area };
  }

  /** The cells of the grid: squares, or pieces of them inside the polygon, numbered from the north-west. */
  private async plannedCells(
    executor: Executor,
    area: { code: string; name: string },
    extent: GridExtent,
    body: GridGenerateBody,
  ): Promise<PlannedCell[]> {
    const squares = gridSquares(extent.bbox, body.rows, body.columns);
    const polygons = extent.clipTo
      ? await this.geometry.clipSquares(executor, squares, extent.clipTo, MIN_CLIPPED_CELL_FRACTION)
      : squares.map((square) => square.polygon);
    const names = numberedCells(area.code, body.namePrefix ?? area.name, polygons.length);
    return names.map((name, index) => ({ ...name, geometry: polygons[index]! }));
  }

  private async importAreas(
    executor: Executor,
    actor: AuditActor,
    cells: ImportedCell[],
  ): Promise<{ areaIds: Map<string, string>; created: string[] }> {
    const codes = [...new Set(cells.map((cell) => cell.areaCode))];
    const areaIds = await this.grids.areaIdsByCode(executor, codes);
    const created: string[] = [];
    for (const code of codes.filter((code) => !areaIds.has(code))) {
      const name = cells.find((cell) => cell.areaCode === code && cell.areaName)?.areaName ?? code;
      areaIds.set(code, (await this.insertAuditedArea(executor, actor, { code, name })).id);
      created.push(code);
    }
    return { areaIds, created };
  }
}

function concurrentCodeConflict(): ConflictError {
  return new ConflictError('A grid code in this request was taken by another change meanwhile; try again.');
}
