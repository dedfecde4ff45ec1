import { Fix } from '@fcc/shared';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { parseOsmandJson, parseOsmandParameters, parseTimestamp, type OsmandParse } from './parse-osmand';

const received = new Date('2026-11-23T08:00:00.000Z');
/** Parameters of a request URL as Traccar Client (or OsmAnd) builds it. */
const fromUrl = (url: string) =>
  parseOsmandParameters(new URL(url, 'http://fcc.test:5055').searchParams, received);
const fromForm = (body: string) => parseOsmandParameters(new URLSearchParams(body), received);

function fixOf(parsed: OsmandParse): Fix {
  if (!parsed.ok) throw new Error(`expected a fix, got: ${parsed.message}`);
  expect(Value.Check(Fix, parsed.fix)).toBe(true);
  return parsed.fix;
}

function messageOf(parsed: OsmandParse): string {
  if (parsed.ok) throw new Error(`expected an error, got a fix: ${JSON.stringify(parsed.fix)}`);
  return parsed.message;
}

describe('OsmAnd parameters (query string or form body)', () => {
  it('reads a Traccar Client GET, speed in knots to m/s', () => {
    const parsed = fromUrl(
      '/?id=123456&timestamp=1700000000&lat=40.8&lon=111.6&speed=10&bearing=90&altitude=1050&accuracy=8&batt=77',
    );
    expect(parsed).toMatchObject({ ok: true, form: 'parameters', uniqueId: '123456' });
    expect(fixOf(parsed)).toEqual({
      fixTime: '2023-11-14T22:13:20.000Z',
      lat: 40.8,
      lon: 111.6,
      speed: expect.closeTo(5.14444, 5),
      heading: 90,
      altitude: 1050,
      accuracy: 8,
      battery: 77,
    });
  });

  it('ignores the other parameters Traccar knows (charge, mock, valid, event, cell, wifi ...)', () => {
    const parsed = fromUrl(
      '/?id=862104052244321&timestamp=1700000000&lat=40.80512&lon=111.60523&speed=0.0&bearing=0.0' +
        '&altitude=1051.0&accuracy=12.5&batt=64.0&charge=true&mock=false&valid=1&event=motion' +
        '&motion=true&odometer=1234.5&driverUniqueId=D-17&cell=460,0,4113,9281&wifi=00-1a-2b-3c-4d-5e,-61',
    );
    expect(fixOf(parsed)).toEqual({
      fixTime: '2023-11-14T22:13:20.000Z',
      lat: 40.80512,
      lon: 111.60523,
      speed: 0,
      heading: 0,
      altitude: 1051,
      accuracy: 12.5,
      battery: 64,
    });
  });

  it('takes deviceid, location=lat,lon and heading, from a form body', () => {
    const parsed = fromForm('deviceid=phone-7&timestamp=1700000000&location=40.8,-111.6&heading=45.5');
    expect(parsed).toMatchObject({ ok: true, uniqueId: 'phone-7' });
    expect(fixOf(parsed)).toEqual({
      fixTime: '2023-11-14T22:13:20.000Z',
      lat: 40.8,
      lon: -111.6,
      heading: 45.5,
    });
  });

  it('estimates accuracy from hdop only when accuracy is absent', () => {
    expect(fixOf(fromForm('id=1&lat=40.8&lon=111.6&hdop=1.2')).accuracy).toBeCloseTo(6);
    expect(fixOf(fromForm('id=1&lat=40.8&lon=111.6&hdop=1.2&accuracy=4')).accuracy).toBe(4);
  });

  it('reads the timestamp as seconds, milliseconds or ISO 8601, and uses the receive time without one', () => {
    const timeOf = (timestamp: string) =>
      fixOf(fromForm(`id=1&lat=40.8&lon=111.6&timestamp=${encodeURIComponent(timestamp)}`)).fixTime;
    expect(timeOf('1700000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(timeOf('1700000000123')).toBe('2023-11-14T22:13:20.123Z');
    expect(timeOf('2023-11-14T22:13:20.5Z')).toBe('2023-11-14T22:13:20.500Z');
    expect(timeOf('2023-11-15T06:13:20+08:00')).toBe('2023-11-14T22:13:20.000Z');
    expect(timeOf('2023-11-14T22:13:20')).toBe('2023-11-14T22:13:20.000Z');
    expect(timeOf('2023-11-14 22:13:20')).toBe('2023-11-14T22:13:20.000Z');
    expect(fixOf(fromForm('id=1&lat=40.8&lon=111.6')).fixTime).toBe(received.toISOString());
    // A "+08:00" left unescaped in a URL arrives as " 08:00".
    expect(fixOf(fromUrl('/?id=1&lat=40.8&lon=111.6&timestamp=2023-11-15T06:13:20+08:00')).fixTime).toBe(
      '2023-11-14T22:13:20.000Z',
    );
  });

  it('leaves out optional readings that are out of range or not numbers, keeping the fix', () => {
    const parsed = fromForm(
      'id=1&lat=40.8&lon=111.6&timestamp=1700000000&speed=-1&bearing=400&altitude=99999&accuracy=abc&batt=250',
    );
    expect(fixOf(parsed)).toEqual({ fixTime: '2023-11-14T22:13:20.000Z', lat: 40.8, lon: 111.6 });
  });

  it('says what is wrong with a bad request', () => {
    expect(messageOf(fromForm('lat=40.8&lon=111.6'))).toMatch(/id is missing/);
    expect(messageOf(fromForm('id=&deviceid=&lat=40.8&lon=111.6'))).toMatch(/id is missing/);
    expect(messageOf(fromForm('id=1&lat=NaN&lon=111.6'))).toBe('lat "NaN" is not a number');
    expect(messageOf(fromForm('id=1&lat=0x1A&lon=111.6'))).toMatch(/lat "0x1A" is not a number/);
    expect(messageOf(fromForm('id=1&lat=91&lon=111.6'))).toBe('lat 91 is not between -90 and 90');
    expect(messageOf(fromForm('id=1&lat=40.8&lon=-180.5'))).toBe('lon -180.5 is not between -180 and 180');
    expect(messageOf(fromForm('id=1&lat=40.8'))).toMatch(/lat and lon must be sent together/);
    expect(messageOf(fromForm('id=1&speed=3'))).toMatch(/position is missing/);
    expect(messageOf(fromForm('id=1&location=40.8'))).toMatch(/location "40.8" is not lat,lon/);
    expect(messageOf(fromForm('id=1&lat=40.8&lon=111.6&timestamp=tuesday'))).toMatch(
      /timestamp "tuesday" is not a time/,
    );
  });
});

describe('parseTimestamp', () => {
  it('tells seconds from milliseconds by magnitude', () => {
    expect(parseTimestamp('99999999999')?.toISOString()).toBe('5138-11-16T09:46:39.000Z');
    expect(parseTimestamp('100000000000')?.toISOString()).toBe('1973-03-03T09:46:40.000Z');
    expect(parseTimestamp('1700000000.25')?.toISOString()).toBe('2023-11-14T22:13:20.250Z');
  });

  it('accepts the ISO 8601 zone forms Z, +hh:mm, +hhmm and +hh', () => {
    for (const text of [
      '2023-11-14T22:13:20Z',
      '2023-11-15T06:13:20+08:00',
      '2023-11-15T06:13:20+0800',
      '2023-11-15T06:13:20+08',
      '2023-11-14T17:13:20-05:00',
      '2023-11-14T22:13:20.000000Z',
    ]) {
      expect(parseTimestamp(text)?.toISOString(), text).toBe('2023-11-14T22:13:20.000Z');
    }
  });

  it('rejects garbage and impossible dates instead of rolling them over', () => {
    for (const text of [
      'tuesday',
      '',
      '2023-11-14',
      '2023-02-29T10:00:00Z',
      '2023-13-01T10:00:00Z',
      '2023-11-14T24:00:00Z',
      '2023-11-14T22:13:20+25:00',
      '-1700000000',
      '1e12',
      '99999999999999999',
    ]) {
      expect(parseTimestamp(text), text).toBeUndefined();
    }
    expect(parseTimestamp('2024-02-29T10:00:00Z')?.toISOString()).toBe('2024-02-29T10:00:00.000Z');
  });
});

describe('Traccar Client 9+ JSON body', () => {
  // As Traccar Client 9 sends it: background-geolocation's location template, device_id beside it.
  const body = {
    location: {
      timestamp: '2023-11-14T22:13:20.512Z',
      coords: {
        latitude: 40.80512,
        longitude: 111.60523,
        accuracy: 4.7,
        speed: 1.38,
        heading: 271.4,
        altitude: 1051.2,
      },
      is_moving: true,
      odometer: 12873.5,
      event: '',
      battery: { level: 0.63, is_charging: false },
      activity: { type: 'on_foot' },
      extras: {},
      _: '&id=862104052244321&lat=40.80512&lon=111.60523&timestamp=2023-11-14T22:13:20.512Z&',
    },
    device_id: '862104052244321',
  };

  it('reads coords (speed already m/s) and the battery level 0..1 as percent', () => {
    const parsed = parseOsmandJson(body, received);
    expect(parsed).toMatchObject({ ok: true, form: 'json', uniqueId: '862104052244321' });
    expect(fixOf(parsed)).toEqual({
      fixTime: '2023-11-14T22:13:20.512Z',
      lat: 40.80512,
      lon: 111.60523,
      accuracy: 4.7,
      speed: 1.38,
      heading: 271.4,
      altitude: 1051.2,
      battery: 63,
    });
  });

  it('leaves out what the phone reports as -1 (unknown)', () => {
    const unknown = {
      ...body,
      location: {
        ...body.location,
        coords: { ...body.location.coords, speed: -1, heading: -1, accuracy: -1 },
        battery: { level: -1, is_charging: false },
      },
    };
    expect(fixOf(parseOsmandJson(unknown, received))).toEqual({
      fixTime: '2023-11-14T22:13:20.512Z',
      lat: 40.80512,
      lon: 111.60523,
      altitude: 1051.2,
    });
  });

  it('takes a numeric device_id and the receive time when the timestamp is missing', () => {
    const parsed = parseOsmandJson(
      { device_id: 123456, location: { coords: { latitude: 40.8, longitude: 111.6 } } },
      received,
    );
    expect(parsed).toMatchObject({ ok: true, uniqueId: '123456' });
    expect(fixOf(parsed)).toEqual({ fixTime: received.toISOString(), lat: 40.8, lon: 111.6 });
  });

  it('is still readable as parameters through its "_" field, as Traccar does without a JSON content type', () => {
    const parsed = fromForm(JSON.stringify(body));
    expect(parsed).toMatchObject({ ok: true, form: 'parameters', uniqueId: '862104052244321' });
    expect(fixOf(parsed)).toEqual({ fixTime: '2023-11-14T22:13:20.512Z', lat: 40.80512, lon: 111.60523 });
  });

  it('says what is wrong with a bad body', () => {
    const bad = (value: unknown) => messageOf(parseOsmandJson(value, received));
    const withCoords = (coords: unknown) => ({ device_id: '1', location: { ...body.location, coords } });
    expect(bad([])).toMatch(/JSON object/);
    expect(bad({ location: body.location })).toMatch(/device_id is missing/);
    expect(bad({ device_id: '  ', location: body.location })).toMatch(/device_id is missing/);
    expect(bad({ device_id: '1', location: [body.location] })).toMatch(/one location per request/);
    expect(bad({ device_id: '1' })).toMatch(/location is missing/);
    expect(bad({ device_id: '1', location: { timestamp: body.location.timestamp } })).toMatch(
      /location.coords is missing/,
    );
    expect(bad(withCoords({ latitude: '40.8', longitude: 111.6 }))).toMatch(/must both be numbers/);
    expect(bad(withCoords({ latitude: 91, longitude: 111.6 }))).toBe(
      'location.coords.latitude 91 is not between -90 and 90',
    );
    expect(bad({ ...body, location: { ...body.location, timestamp: 'yesterday' } })).toMatch(
      /location.timestamp "yesterday" is not a time/,
    );
    expect(bad({ ...body, location: { ...body.location, timestamp: { at: 1 } } })).toMatch(
      /location.timestamp .* is not a time/,
    );
  });
});
