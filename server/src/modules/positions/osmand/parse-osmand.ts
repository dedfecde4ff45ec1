// The OsmAnd protocol as Traccar Client sends it (and as Traccar's OsmAndProtocolDecoder reads
// it), turned into our Fix. Pure: the receive time comes in as an argument. Two forms:
// - parameters, in the query string or a form body: id|deviceid, lat+lon or location=lat,lon,
//   timestamp (Unix s, Unix ms or ISO 8601), speed in KNOTS, bearing|heading, altitude, accuracy,
//   hdop, batt (percent). Other Traccar parameters (valid, charge, event, motion, odometer,
//   driverUniqueId, cell, wifi, mock, alarm, ...) are accepted and ignored;
// - the JSON body of Traccar Client 9+ (background-geolocation): { device_id, location:
//   { timestamp, coords: { latitude, longitude, speed m/s, heading, accuracy, altitude },
//   battery: { level 0..1, is_charging }, is_moving, event, odometer, activity, extras } },
//   where -1 means "unknown".
// A required value that is missing or wrong fails the request; an optional value that is out of
// the Fix schema's range is left out, so that one odd reading does not lose the position.
import { Fix } from '@fcc/shared';
import { Value } from 'typebox/value';

export type OsmandForm = 'parameters' | 'json';

export type OsmandParse =
  | { ok: true; form: OsmandForm; uniqueId: string; fix: Fix }
  | { ok: false; form: OsmandForm; message: string };

type OptionalField = 'accuracy' | 'speed' | 'heading' | 'altitude' | 'battery';
type Reading = Partial<Record<OptionalField, number | undefined>>;

const KNOTS_TO_METRES_PER_SECOND = 0.514444;
/**
 * HDOP has no unit; times a typical user-equivalent range error of about 5 m it is a rough
 * horizontal accuracy in metres. Used only when the client sent no accuracy of its own.
 */
const METRES_PER_HDOP = 5;
/**
 * A numeric timestamp at or above this is milliseconds: as seconds it would be the year 5138,
 * as milliseconds it is March 1973. (Traccar splits at 2^31, which breaks in 2038.)
 */
const MILLISECONDS_FROM = 1e11;
const LATEST_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function parseOsmandParameters(params: URLSearchParams, receivedAt: Date): OsmandParse {
  const fail = (message: string): OsmandParse => ({ ok: false, form: 'parameters', message });

  const uniqueId = (params.get('id') || params.get('deviceid') || '').trim();
  if (!uniqueId) return fail('id is missing: send the device identifier as id (or deviceid)');

  const position = parsePosition(params);
  if (typeof position === 'string') return fail(position);
  const coordinateError = checkCoordinates(position.lat, position.lon, 'lat', 'lon');
  if (coordinateError) return fail(coordinateError);

  const timestamp = params.get('timestamp');
  const time = timestamp === null || timestamp.trim() === '' ? receivedAt : parseTimestamp(timestamp);
  if (!time) return fail(badTimestamp('timestamp', `"${timestamp}"`));

  const knots = optionalNumber(params, 'speed');
  const accuracy = optionalNumber(params, 'accuracy');
  const hdop = optionalNumber(params, 'hdop');
  return {
    ok: true,
    form: 'parameters',
    uniqueId,
    fix: buildFix(time, position.lat, position.lon, {
      speed: knots === undefined ? undefined : knots * KNOTS_TO_METRES_PER_SECOND,
      heading: optionalNumber(params, 'bearing') ?? optionalNumber(params, 'heading'),
      altitude: optionalNumber(params, 'altitude'),
      accuracy: accuracy ?? (hdop === undefined ? undefined : hdop * METRES_PER_HDOP),
      battery: optionalNumber(params, 'batt'),
    }),
  };
}

export function parseOsmandJson(body: unknown, receivedAt: Date): OsmandParse {
  const fail = (message: string): OsmandParse => ({ ok: false, form: 'json', message });
  if (!isRecord(body)) return fail('the body must be a JSON object with device_id and location');

  const deviceId = body.device_id;
  const uniqueId =
    typeof deviceId === 'string' ? deviceId.trim() : typeof deviceId === 'number' ? String(deviceId) : '';
  if (!uniqueId) return fail('device_id is missing: send the device identifier as device_id');

  const { location } = body;
  if (Array.isArray(location)) {
    return fail('location is a list; send one location per request (batch sync off)');
  }
  if (!isRecord(location)) return fail('location is missing or not an object');
  const { coords } = location;
  if (!isRecord(coords)) return fail('location.coords is missing or not an object');
  const lat = coords.latitude;
  const lon = coords.longitude;
  if (typeof lat !== 'number' || typeof lon !== 'number') {
    return fail('location.coords.latitude and location.coords.longitude must both be numbers');
  }
  const coordinateError = checkCoordinates(lat, lon, 'location.coords.latitude', 'location.coords.longitude');
  if (coordinateError) return fail(coordinateError);

  const { timestamp } = location;
  const time =
    timestamp === undefined || timestamp === null
      ? receivedAt
      : typeof timestamp === 'string' || typeof timestamp === 'number'
        ? parseTimestamp(String(timestamp))
        : undefined;
  if (!time) return fail(badTimestamp('location.timestamp', JSON.stringify(timestamp)));

  const level = isRecord(location.battery) ? known(location.battery.level) : undefined;
  return {
    ok: true,
    form: 'json',
    uniqueId,
    fix: buildFix(time, lat, lon, {
      speed: known(coords.speed),
      heading: known(coords.heading),
      accuracy: known(coords.accuracy),
      altitude: typeof coords.altitude === 'number' ? coords.altitude : undefined,
      battery: level === undefined ? undefined : Math.round(level * 100),
    }),
  };
}

/**
 * Unix seconds, Unix milliseconds (told apart by magnitude) or ISO 8601 with a time of day.
 * Without a zone the time is UTC. Also takes "yyyy-MM-dd HH:mm:ss", and a "+hh:mm" zone whose
 * "+" became a space because the client left it unescaped in the query string.
 */
export function parseTimestamp(text: string): Date | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const value = Number(trimmed);
    return representable(value >= MILLISECONDS_FROM ? value : value * 1000);
  }
  return parseIsoDateTime(trimmed);
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+\- ])(\d{2})(?::?(\d{2}))?)?$/;

function parseIsoDateTime(text: string): Date | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', , sign, zoneHours, zoneMinutes] =
    match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) return undefined;
  const offsetMinutes =
    sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes ?? 0));
  if (Math.abs(offsetMinutes) > 18 * 60) return undefined;
  return representable(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000);
}

/** A time the Fix's ISO 8601 fixTime can carry (a four-digit year, not before 1970). */
function representable(timeMs: number): Date | undefined {
  return Number.isFinite(timeMs) && timeMs >= 0 && timeMs <= LATEST_TIME_MS ? new Date(timeMs) : undefined;
}

function badTimestamp(name: string, shown: string | undefined): string {
  return `${name} ${shown} is not a time: send Unix seconds, Unix milliseconds or ISO 8601 (e.g. 2026-11-23T08:00:00Z)`;
}

function parsePosition(params: URLSearchParams): { lat: number; lon: number } | string {
  const latText = params.get('lat');
  const lonText = params.get('lon');
  if (latText !== null || lonText !== null) {
    if (latText === null || lonText === null) return 'lat and lon must be sent together';
    const lat = decimal(latText);
    const lon = decimal(lonText);
    if (lat === undefined) return `lat "${latText}" is not a number`;
    if (lon === undefined) return `lon "${lonText}" is not a number`;
    return { lat, lon };
  }
  const location = params.get('location');
  if (location === null) return 'the position is missing: send lat and lon (or location=lat,lon)';
  const parts = location.split(',');
  const lat = parts.length === 2 ? decimal(parts[0]!) : undefined;
  const lon = parts.length === 2 ? decimal(parts[1]!) : undefined;
  if (lat === undefined || lon === undefined)
    return `location "${location}" is not lat,lon (e.g. 40.8,111.6)`;
  return { lat, lon };
}

function checkCoordinates(lat: number, lon: number, latName: string, lonName: string): string | undefined {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return `${latName} ${lat} is not between -90 and 90`;
  if (!Number.isFinite(lon) || lon < -180 || lon > 180)
    return `${lonName} ${lon} is not between -180 and 180`;
  return undefined;
}

/** Plain decimal notation only (Number() would also take "0x1A", "Infinity" or ""). */
function decimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** An optional reading that is absent or not a number is simply not part of the fix. */
function optionalNumber(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  return text === null ? undefined : decimal(text);
}

/** background-geolocation sends -1 for "unknown". */
function known(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function buildFix(time: Date, lat: number, lon: number, reading: Reading): Fix {
  const fix: Fix = { fixTime: time.toISOString(), lat, lon };
  for (const field of Object.keys(reading) as OptionalField[]) {
    const value = reading[field];
    // The shared schema's own bounds decide, so that they are written in one place.
    if (value !== undefined && Value.Check(Fix.properties[field], value)) fix[field] = value;
  }
  return fix;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
