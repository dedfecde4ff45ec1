// Checks each fix of a batch on its own: one bad fix is rejected and listed, the rest go on.
import { Fix, type FixRejection } from '@fcc/shared';
import { Compile } from 'typebox/compile';

/** Compiled once: every fix of every device passes here. */
const fixValidator = Compile(Fix);

export interface ValidFix {
  /** Position in the batch as sent. */
  index: number;
  timeMs: number;
  lat: number;
  lon: number;
  accuracy: number | null;
  speed: number | null;
  heading: number | null;
  altitude: number | null;
  battery: number | null;
}

export interface ValidationLimits {
  nowMs: number;
  maxFutureMs: number;
}

export interface ValidatedBatch {
  /** Sorted by fix time; one per fix time (a repeat inside the batch counts as a duplicate). */
  fixes: ValidFix[];
  rejected: FixRejection[];
  duplicatesInBatch: number;
}

export function validateFixes(items: readonly unknown[], limits: ValidationLimits): ValidatedBatch {
  const rejected: FixRejection[] = [];
  const byTime = new Map<number, ValidFix>();
  let duplicatesInBatch = 0;
  items.forEach((item, index) => {
    const result = validateFix(item, index, limits);
    if ('reason' in result) {
      rejected.push(result);
    } else if (byTime.has(result.timeMs)) {
      duplicatesInBatch += 1;
    } else {
      byTime.set(result.timeMs, result);
    }
  });
  const fixes = [...byTime.values()].sort((a, b) => a.timeMs - b.timeMs);
  return { fixes, rejected, duplicatesInBatch };
}

function validateFix(item: unknown, index: number, limits: ValidationLimits): ValidFix | FixRejection {
  const error = fixValidator.Check(item) ? undefined : fixValidator.Errors(item)[0];
  if (error) {
    const where = error.instancePath ? error.instancePath.slice(1) : 'fix';
    return { index, reason: `${where}: ${error.message}` };
  }
  const fix = item as Fix;
  const timeMs = Date.parse(fix.fixTime);
  if (!Number.isFinite(timeMs)) return { index, reason: `fixTime: "${fix.fixTime}" is not a date-time` };
  if (timeMs > limits.nowMs + limits.maxFutureMs) {
    return {
      index,
      reason: `fixTime: ${fix.fixTime} is in the future (server time ${new Date(limits.nowMs).toISOString()}); check the device clock`,
    };
  }
  if (fix.lat === 0 && fix.lon === 0) return { index, reason: 'lat/lon: 0,0 is not a real fix' };
  return {
    index,
    timeMs,
    lat: fix.lat,
    lon: fix.lon,
    accuracy: fix.accuracy ?? null,
    speed: fix.speed ?? null,
    heading: fix.heading ?? null,
    altitude: fix.altitude ?? null,
    battery: fix.battery ?? null,
  };
}
