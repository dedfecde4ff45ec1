// generateDemoTown: resolves the options, then lays out the grid, the streets and the staff of one town.
import { seededRandom } from '../../lib/seeded-random';
import { townFrame } from './geo';
import { buildGrid } from './grid';
import { validate, withDefaults } from './options';
import { buildStaff } from './staff';
import { buildStreets } from './streets';
import type { DemoTown, DemoTownOptions } from './types';

/**
 * Pure and deterministic in its options, so the database seed, the device simulator and the offline
 * base map all describe the same town.
 */
export function generateDemoTown(options: Partial<DemoTownOptions> = {}): DemoTown {
  const opts = withDefaults(options);
  validate(opts);
  const side = Math.sqrt(opts.areaKm2) * 1000;
  const frame = townFrame(opts.centre, side);
  const { areas, cells } = buildGrid(opts.cellCount, opts.areaCount, side, frame.toLonLat);
  const streets = buildStreets(side, opts.areaKm2, opts.seed, frame.toLonLat);
  const { officers, devices } = buildStaff(areas, opts.officersPerArea, seededRandom(opts.seed, 'officers'));
  return { townName: opts.townName, bounds: frame.bounds, areas, cells, streets, officers, devices };
}
