// A track as parallel typed arrays, decoded straight from the bytes the database packs: a day
// at 1 Hz is 86,400 points, so there is no object per point.
export interface TrackPoints {
  lon: Float64Array;
  lat: Float64Array;
  /** Fix time, ms since the epoch. */
  t: Float64Array;
  length: number;
}

/** What the database packs per fix: lon and lat as float8, then the fix time as timestamptz. */
export const PACKED_FIX_BYTES = 8 + 8 + 8;
/** PostgreSQL's timestamp epoch (2000-01-01 UTC) in Unix ms: `timestamptz_send` counts µs from it. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const TWO_POW_32 = 2 ** 32;

/**
 * Decodes the fixes as the track query packs them, 24 bytes each, big-endian as PostgreSQL's
 * binary send functions write: `float8send(lon) || float8send(lat) || timestamptz_send(fix_time)`
 * (µs since 2000-01-01 UTC). No WKB: a LineStringM's M as epoch seconds cost the database
 * a `date_part` per fix, a fifth of the query's time for a day at 1 Hz.
 */
export function decodePackedFixes(packed: Buffer | Uint8Array): TrackPoints {
  if (packed.byteLength % PACKED_FIX_BYTES !== 0) {
    throw new Error(`packed fixes must be a multiple of ${PACKED_FIX_BYTES} bytes, got ${packed.byteLength}`);
  }
  const count = packed.byteLength / PACKED_FIX_BYTES;
  // A pg Buffer is usually a slice of a larger pool, hence the offset.
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const points = allocate(count);
  const { lon, lat, t } = points;
  for (let i = 0, offset = 0; i < count; i += 1, offset += PACKED_FIX_BYTES) {
    lon[i] = view.getFloat64(offset);
    lat[i] = view.getFloat64(offset + 8);
    // int8 as two halves: exact below 2^53 µs (year 2285), and no BigInt per fix.
    const micros = view.getInt32(offset + 16) * TWO_POW_32 + view.getUint32(offset + 20);
    t[i] = POSTGRES_EPOCH_MS + micros / 1000;
  }
  return points;
}

/** The points in time order: as they are when already sorted (the usual case), else sorted. */
export function inTimeOrder(points: TrackPoints): TrackPoints {
  let sorted = true;
  for (let i = 1; i < points.length && sorted; i += 1) sorted = points.t[i - 1]! <= points.t[i]!;
  if (sorted) return points;
  const order = Array.from({ length: points.length }, (_, i) => i).sort(
    (a, b) => points.t[a]! - points.t[b]!,
  );
  const result = allocate(points.length);
  order.forEach((from, to) => {
    result.lon[to] = points.lon[from]!;
    result.lat[to] = points.lat[from]!;
    result.t[to] = points.t[from]!;
  });
  return result;
}

/** Builds a track from plain objects (tests, fixtures); `t` is ms since the epoch. */
export function fromArrays(rows: ReadonlyArray<{ lon: number; lat: number; t: number }>): TrackPoints {
  const points = allocate(rows.length);
  rows.forEach((row, i) => {
    points.lon[i] = row.lon;
    points.lat[i] = row.lat;
    points.t[i] = row.t;
  });
  return points;
}

function allocate(length: number): TrackPoints {
  return {
    lon: new Float64Array(length),
    lat: new Float64Array(length),
    t: new Float64Array(length),
    length,
  };
}
