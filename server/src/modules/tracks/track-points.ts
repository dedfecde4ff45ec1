// A track as parallel typed arrays, decoded straight from the WKB LineStringM the database
// builds: a day at 1 Hz is 86,400 points, so there is no object per point.
export interface TrackPoints {
  lon: Float64Array;
  lat: Float64Array;
  /** Fix time, ms since the epoch. */
  t: Float64Array;
  length: number;
}

const WKB_HEADER_BYTES = 1 + 4 + 4; // byte order, type, point count
const POINT_BYTES = 3 * 8; // x, y, m
const ISO_LINESTRING_M = 2002;
const EWKB_LINESTRING_M = 0x40000002;
const EWKB_SRID_FLAG = 0x20000000;

/**
 * Decodes a LineStringM whose M is the fix time in epoch seconds: ISO WKB (type 2002, what
 * ST_AsBinary writes) or EWKB (0x40000002, with the SRID flag and SRID if ST_SetSRID was
 * applied), either byte order. Anything else, Z included, is refused rather than misread.
 */
export function decodeLineStringM(wkb: Buffer | Uint8Array): TrackPoints {
  if (wkb.byteLength < WKB_HEADER_BYTES) {
    throw new Error(`WKB LineStringM too short: ${wkb.byteLength} bytes`);
  }
  // A pg Buffer is usually a slice of a larger pool, hence the offset.
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  const order = view.getUint8(0);
  if (order !== 0 && order !== 1) throw new Error(`WKB byte order must be 0 or 1, not ${order}`);
  const little = order === 1;
  const type = view.getUint32(1, little);
  let offset = 5;
  if ((type & ~EWKB_SRID_FLAG) === EWKB_LINESTRING_M) {
    if (type & EWKB_SRID_FLAG) offset += 4;
  } else if (type !== ISO_LINESTRING_M) {
    throw new Error(`not a LineStringM: WKB type 0x${type.toString(16)}`);
  }
  if (wkb.byteLength < offset + 4) throw new Error('WKB LineStringM too short for its header');
  const count = view.getUint32(offset, little);
  offset += 4;
  const expected = offset + count * POINT_BYTES;
  if (wkb.byteLength !== expected) {
    throw new Error(`WKB LineStringM of ${count} points needs ${expected} bytes, got ${wkb.byteLength}`);
  }
  const points = allocate(count);
  const { lon, lat, t } = points;
  for (let i = 0; i < count; i += 1, offset += POINT_BYTES) {
    lon[i] = view.getFloat64(offset, little);
    lat[i] = view.getFloat64(offset + 8, little);
    t[i] = view.getFloat64(offset + 16, little) * 1000;
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
