// A track as parallel typed arrays: a day at 1 Hz is 86,400 points, so no object per point.
export interface TrackPoints {
  lon: Float64Array;
  lat: Float64Array;
  /** Fix time, ms since the epoch. */
  t: Float64Array;
  length: number;
}

const WKB_LINESTRING_M_ISO = 2002;
const EWKB_M_FLAG = 0x40000000;
const EWKB_SRID_FLAG = 0x20000000;

/**
 * Decodes a LineStringM whose M is the fix time in epoch seconds, as PostGIS writes it with
 * ST_AsBinary (ISO WKB, type 2002) or as EWKB (M flag, optional SRID).
 */
export function decodeLineStringM(wkb: Uint8Array): TrackPoints {
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  const little = view.getUint8(0) === 1;
  const type = view.getUint32(1, little);
  let offset = 5;
  const isIso = type === WKB_LINESTRING_M_ISO;
  const isEwkb = (type & 0xffff) === 2 && (type & EWKB_M_FLAG) !== 0;
  if (!isIso && !isEwkb) throw new Error(`not a LineStringM (WKB type ${type})`);
  if (isEwkb && type & EWKB_SRID_FLAG) offset += 4;
  const count = view.getUint32(offset, little);
  offset += 4;
  if (wkb.byteLength < offset + count * 24) throw new Error('truncated LineStringM');
  const points = allocate(count);
  for (let i = 0; i < count; i += 1, offset += 24) {
    points.lon[i] = view.getFloat64(offset, little);
    points.lat[i] = view.getFloat64(offset + 8, little);
    points.t[i] = view.getFloat64(offset + 16, little) * 1000;
  }
  return points;
}

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
