// The generator's options: the field-report defaults, fallbacks for missing values, and range checks.
import type { DemoTownOptions } from './types';

/** From the field reports: 27 cells over about 9 km², and 4 areas of 4 officers each. */
export const DEFAULT_DEMO_TOWN_OPTIONS: Readonly<Required<DemoTownOptions>> = {
  centre: [111.6708, 40.8183],
  areaKm2: 9,
  cellCount: 27,
  areaCount: 4,
  officersPerArea: 4,
  seed: 1,
  townName: '演示城区',
};

/** Callers pass config values that may be undefined; those fall back to the defaults too. */
export function withDefaults(options: Partial<DemoTownOptions>): Required<DemoTownOptions> {
  const d = DEFAULT_DEMO_TOWN_OPTIONS;
  return {
    centre: options.centre ?? d.centre,
    areaKm2: options.areaKm2 ?? d.areaKm2,
    cellCount: options.cellCount ?? d.cellCount,
    areaCount: options.areaCount ?? d.areaCount,
    officersPerArea: options.officersPerArea ?? d.officersPerArea,
    seed: options.seed ?? d.seed,
    townName: options.townName ?? d.townName,
  };
}

export function validate(o: Required<DemoTownOptions>): void {
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new RangeError(message);
  };
  const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  check(
    Math.abs(o.centre[0]) <= 180 && Math.abs(o.centre[1]) <= 80,
    'centre must be [lon, lat] within ±180, ±80',
  );
  check(o.areaKm2 > 0 && o.areaKm2 <= 400, 'areaKm2 must be in (0, 400]');
  check(isInt(o.cellCount, 1, 9999), 'cellCount must be an integer in [1, 9999]');
  // Badge numbers give the area two digits and the officer three.
  check(
    isInt(o.areaCount, 1, Math.min(99, o.cellCount)),
    'areaCount must be an integer in [1, min(99, cellCount)]',
  );
  check(isInt(o.officersPerArea, 1, 999), 'officersPerArea must be an integer in [1, 999]');
  check(Number.isSafeInteger(o.seed), 'seed must be an integer');
}
