// The rules a cell's polygon meets before it is stored: readable, valid (PostGIS), and not
// overlapping another cell by more than OVERLAP_TOLERANCE_M2, since neighbours share borders.
import {
  OVERLAP_TOLERANCE_M2,
  type GridFileFeature,
  type GridImportProblem,
  type PolygonGeometry,
} from '@fcc/shared';
import type { Executor, Transaction } from '../../db/client';
import { BadRequestError, ConflictError, ProblemListError } from '../../http/errors';
import type { GridGeometryRepository, KeyedPolygon } from './grid-geometry-repository';
import { polygonShapeProblems, singlePolygon } from './grid-shape';

export interface PlannedCell {
  code: string;
  name: string;
  geometry: PolygonGeometry;
}

export interface ImportedCell extends PlannedCell {
  areaCode: string;
  areaName: string | undefined;
}

export class GridValidation {
  constructor(private readonly geometry: GridGeometryRepository) {}

  /** A 400 saying what is wrong with one polygon, prefixed with `label`. */
  async ensureUsablePolygon(executor: Executor, polygon: PolygonGeometry, label: string): Promise<void> {
    const problems = polygonShapeProblems(polygon);
    if (problems.length > 0) throw new BadRequestError(`${label}: ${problems.join('; ')}.`);
    const reason = (await this.geometry.invalidityReasons(executor, [{ key: 0, polygon }])).get(0);
    if (reason) throw new BadRequestError(`${label}: the polygon is not valid: ${reason}.`);
  }

  /** A 409 naming the first code that a stored cell already has. */
  async ensureCodesUnused(executor: Executor, codes: string[]): Promise<void> {
    const taken = await this.geometry.existingCellCodes(executor, codes);
    const first = codes.find((code) => taken.has(code));
    if (first) throw new ConflictError(`Grid cell code "${first}" is already used.`);
  }

  /** A 409 naming the first stored cell that one of `cells` would overlap. */
  async ensureNoOverlap(
    executor: Executor,
    cells: Pick<PlannedCell, 'code' | 'geometry'>[],
    exceptCellId: string | null = null,
  ): Promise<void> {
    const keyed = cells.map((cell, key) => ({ key, polygon: cell.geometry }));
    const [overlap] = await this.geometry.overlapsWithCells(
      executor,
      keyed,
      OVERLAP_TOLERANCE_M2,
      exceptCellId,
    );
    if (overlap) {
      throw new ConflictError(
        `Grid cell ${cells[overlap.key]!.code} would overlap existing cell ${overlap.cellCode} by ` +
          `${squareMetres(overlap.areaM2)} (at most ${OVERLAP_TOLERANCE_M2} m² is tolerated).`,
      );
    }
  }

  /**
   * The cells a grid file describes, or a 400 listing every problem in it: unreadable or
   * invalid polygons, overlaps inside the file or with stored cells, and codes used twice.
   */
  async importableCells(tx: Transaction, features: GridFileFeature[]): Promise<ImportedCell[]> {
    const problems: GridImportProblem[] = [];
    const report = (feature: number, reason: string) =>
      problems.push({ feature, code: features[feature]!.properties.code, reason });

    const readable = readablePolygons(features, report);
    const invalid = await this.geometry.invalidityReasons(tx, readable);
    for (const [feature, reason] of invalid) report(feature, `the polygon is not valid: ${reason}`);
    const valid = readable.filter((candidate) => !invalid.has(candidate.key));
    await this.reportOverlaps(tx, valid, features, report);
    await this.reportTakenCodes(tx, features, report);

    if (problems.length > 0) throw importRejection(problems);
    return readable.map(({ key, polygon }) => {
      const { areaCode, areaName, code, name } = features[key]!.properties;
      return { areaCode, areaName, code, name, geometry: polygon };
    });
  }

  private async reportOverlaps(
    tx: Transaction,
    polygons: KeyedPolygon[],
    features: GridFileFeature[],
    report: (feature: number, reason: string) => void,
  ): Promise<void> {
    const withinFile = await this.geometry.overlapsAmong(tx, polygons, OVERLAP_TOLERANCE_M2);
    for (const { first, second, areaM2 } of withinFile) {
      const other = features[first]!.properties.code;
      report(second, `overlaps feature ${first} (${other}) by ${squareMetres(areaM2)}`);
    }
    const withStored = await this.geometry.overlapsWithCells(tx, polygons, OVERLAP_TOLERANCE_M2);
    for (const { key, cellCode, areaM2 } of withStored) {
      report(key, `overlaps existing cell ${cellCode} by ${squareMetres(areaM2)}`);
    }
  }

  private async reportTakenCodes(
    executor: Executor,
    features: GridFileFeature[],
    report: (feature: number, reason: string) => void,
  ): Promise<void> {
    const firstUse = new Map<string, number>();
    features.forEach(({ properties: { code } }, index) => {
      const earlier = firstUse.get(code);
      if (earlier === undefined) firstUse.set(code, index);
      else report(index, `code ${code} is also used by feature ${earlier}`);
    });
    const taken = await this.geometry.existingCellCodes(executor, [...firstUse.keys()]);
    features.forEach(({ properties: { code } }, index) => {
      if (taken.has(code)) report(index, `code ${code} is already used by a stored cell`);
    });
  }
}

/** Features whose geometry is one polygon PostGIS can read; the others are reported. */
function readablePolygons(
  features: GridFileFeature[],
  report: (feature: number, reason: string) => void,
): KeyedPolygon[] {
  const readable: KeyedPolygon[] = [];
  features.forEach((feature, index) => {
    const single = singlePolygon(feature.geometry);
    const problems = 'problem' in single ? [single.problem] : polygonShapeProblems(single.polygon);
    for (const problem of problems) report(index, problem);
    if (problems.length === 0 && 'polygon' in single) readable.push({ key: index, polygon: single.polygon });
  });
  return readable;
}

function importRejection(problems: GridImportProblem[]): ProblemListError<GridImportProblem> {
  const sorted = problems.sort((a, b) => a.feature - b.feature);
  const first = sorted[0]!;
  const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
  return new ProblemListError(
    `Nothing was imported: the file has ${count}. Feature ${first.feature} (${first.code}): ${first.reason}.`,
    sorted,
  );
}

function squareMetres(area: number): string {
  return `${area < 10 ? area.toFixed(1) : Math.round(area)} m²`;
}
