// The OsmAnd protocol as Traccar Client sends it, parsed into our Fix. Two forms:
// - parameters (query string or form body): id|deviceid, lat+lon or location=lat,lon,
//   timestamp (Unix s, Unix ms or ISO 8601), speed in knots, bearing|heading, altitude,
//   accuracy, hdop, batt (percent);
// - the JSON body of Traccar Client 9+: { device_id, location: { timestamp, coords: {...},
//   battery: { level 0..1 }, is_moving, event } }.
import type { Fix } from '@fcc/shared';

export type OsmandForm = 'parameters' | 'json';

export type OsmandParse =
  | { ok: true; form: OsmandForm; uniqueId: string; fix: Fix }
  | { ok: false; form: OsmandForm; message: string };

const KNOTS_TO_METRES_PER_SECOND = 0.514444;
/** Without an accuracy, HDOP × ~5 m (typical user-equivalent range error) is an estimate. */
const METRES_PER_HDOP = 5;
/** Unix times above this are milliseconds (in seconds it would be the year 5138). */
const MILLISECONDS_THRESHOLD = 1e11;

export function parseOsmandParameters(params: URLSearchParams, receivedAt: Date): OsmandParse {
  const fail = (message: string): OsmandParse => ({ ok: false, form: 'parameters', message });
  const uniqueId = params.get('id') ?? params.get('deviceid');
  if (!uniqueId) return fail('id (or deviceid) is missing');

  let lat = numberParam(params, 'lat');
  let lon = numberParam(params, 'lon');
  const location = params.get('location');
  if (location !== null) {
    const [latText, lonText] = location.split(',');
    lat = Number(latText);
    lon = Number(lonText);
  }
  if (lat === undefined || lon === undefined) return fail('lat and lon (or location=lat,lon) are required');
  const coordinateError = checkCoordinates(lat, lon);
  if (coordinateError) return fail(coordinateError);

  const timestamp = params.get('timestamp');
  const time = timestamp === null ? receivedAt : parseTimestamp(timestamp);
  if (!time) return fail(`timestamp "${timestamp}" is neither Unix seconds, Unix milliseconds nor ISO 8601`);

  const knots = numberParam(params, 'speed');
  const accuracy = numberParam(params, 'accuracy');
  const hdop = numberParam(params, 'hdop');
  return {
    ok: true,
    form: 'parameters',
    uniqueId,
    fix: withOptional({
      fixTime: time.toISOString(),
      lat,
      lon,
      speed: knots === undefined ? undefined : knots * KNOTS_TO_METRES_PER_SECOND,
      heading: numberParam(params, 'bearing') ?? numberParam(params, 'heading'),
      altitude: numberParam(params, 'altitude'),
      accuracy: accuracy ?? (hdop === undefined ? undefined : hdop * METRES_PER_HDOP),
      battery: numberParam(params, 'batt'),
    }),
  };
}

export function parseOsmandJson(body: unknown, receivedAt: Date): OsmandParse {
  const fail = (message: string): OsmandParse => ({ ok: false, form: 'json', message });
  if (!isRecord(body)) return fail('the body must be a JSON object');
  const uniqueId = body.device_id;
  if (typeof uniqueId !== 'string' && typeof uniqueId !== 'number') return fail('device_id is missing');
  const location = body.location;
  if (!isRecord(location) || !isRecord(location.coords)) return fail('location.coords is missing');
  const { coords } = location;
  const lat = coords.latitude;
  const lon = coords.longitude;
  if (typeof lat !== 'number' || typeof lon !== 'number') {
    return fail('location.coords.latitude and longitude must be numbers');
  }
  const coordinateError = checkCoordinates(lat, lon);
  if (coordinateError) return fail(coordinateError);
  const time = location.timestamp === undefined ? receivedAt : parseTimestamp(String(location.timestamp));
  if (!time) return fail(`location.timestamp "${String(location.timestamp)}" is not a date-time`);
  const level = isRecord(location.battery) ? known(location.battery.level) : undefined;
  return {
    ok: true,
    form: 'json',
    uniqueId: String(uniqueId),
    fix: withOptional({
      fixTime: time.toISOString(),
      lat,
      lon,
      speed: known(coords.speed),
      heading: known(coords.heading),
      altitude: typeof coords.altitude === 'number' ? coords.altitude : undefined,
      accuracy: known(coords.accuracy),
      battery: level === undefined ? undefined : Math.round(level * 1000) / 10,
    }),
  };
}

export function parseTimestamp(text: string): Date | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const value = Number(trimmed);
    return new Date(value >= MILLISECONDS_THRESHOLD ? value : value * 1000);
  }
  // ISO 8601; one without a zone (Traccar also accepts "yyyy-MM-dd HH:mm:ss") is UTC.
  const iso = trimmed.replace(' ', 'T');
  const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(iso);
  const time = Date.parse(hasZone ? iso : `${iso}Z`);
  return Number.isFinite(time) && /^\d{4}-\d{2}-\d{2}/.test(iso) ? new Date(time) : undefined;
}

function checkCoordinates(lat: number, lon: number): string | undefined {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return `lat ${lat} is not between -90 and 90`;
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) return `lon ${lon} is not between -180 and 180`;
  return undefined;
}

function numberParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Background-geolocation reports -1 for "unknown". */
function known(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

const RANGES: Partial<Record<keyof Fix, [number, number]>> = {
  speed: [0, 1000],
  heading: [0, 360],
  altitude: [-1000, 20_000],
  accuracy: [0, 100_000],
  battery: [0, 100],
};

/** Drops optional values that are missing or out of range rather than failing the fix. */
function withOptional(fix: { [K in keyof Fix]: Fix[K] | undefined }): Fix {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fix)) {
    if (value === undefined) continue;
    const range = RANGES[key as keyof Fix];
    if (range && (typeof value !== 'number' || value < range[0] || value > range[1])) continue;
    result[key] = value;
  }
  return result as Fix;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
