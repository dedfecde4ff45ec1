import { describe, expect, it } from 'vitest';
import { parseOsmandJson, parseOsmandParameters, parseTimestamp } from './parse-osmand';

const received = new Date('2026-11-23T08:00:00.000Z');
const query = (text: string) => parseOsmandParameters(new URLSearchParams(text), received);

describe('OsmAnd parameters (Traccar Client query string or form)', () => {
  it('reads the full parameter set, speed in knots', () => {
    const parsed = query(
      'id=123456&timestamp=1795420800&lat=40.8051&lon=111.6052&speed=10&bearing=90.5&altitude=1050&accuracy=8&batt=77',
    );
    expect(parsed).toEqual({
      ok: true,
      form: 'parameters',
      uniqueId: '123456',
      fix: {
        fixTime: '2026-11-23T08:00:00.000Z',
        lat: 40.8051,
        lon: 111.6052,
        speed: 5.14444,
        heading: 90.5,
        altitude: 1050,
        accuracy: 8,
        battery: 77,
      },
    });
  });

  it('takes deviceid, location=lat,lon, heading, and an hdop estimate without accuracy', () => {
    const parsed = query('deviceid=phone-7&location=40.8,111.6&heading=45&hdop=1.2&valid=true&charge=true');
    expect(parsed).toMatchObject({
      ok: true,
      uniqueId: 'phone-7',
      fix: { lat: 40.8, lon: 111.6, heading: 45, accuracy: 6, fixTime: received.toISOString() },
    });
  });

  it('reads Unix seconds, Unix milliseconds and ISO 8601 timestamps', () => {
    expect(parseTimestamp('1795420800')?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(parseTimestamp('1795420800123')?.toISOString()).toBe('2026-11-23T08:00:00.123Z');
    expect(parseTimestamp('2026-11-23T16:00:00+08:00')?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(parseTimestamp('2026-11-23 08:00:00')?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(parseTimestamp('soon')).toBeUndefined();
  });

  it('drops out-of-range optional values rather than the fix', () => {
    const parsed = query('id=1&lat=40.8&lon=111.6&batt=250&bearing=-1');
    expect(parsed.ok && parsed.fix).toEqual({ fixTime: received.toISOString(), lat: 40.8, lon: 111.6 });
  });

  it('says what is wrong with a bad request', () => {
    expect(query('lat=40.8&lon=111.6')).toMatchObject({ ok: false, message: expect.stringMatching(/id/) });
    expect(query('id=1&lat=NaN&lon=111.6')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/lat/),
    });
    expect(query('id=1&lat=91&lon=111.6')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/-90/),
    });
    expect(query('id=1&lon=111.6')).toMatchObject({ ok: false, message: expect.stringMatching(/required/) });
    expect(query('id=1&lat=40.8&lon=111.6&timestamp=tuesday')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/timestamp/),
    });
  });
});

describe('Traccar Client 9+ JSON body', () => {
  const body = {
    location: {
      timestamp: '2026-11-23T08:00:00.000Z',
      coords: {
        latitude: 40.8051,
        longitude: 111.6052,
        accuracy: 4.5,
        speed: 1.4,
        heading: 270,
        altitude: 1048.2,
      },
      is_moving: true,
      odometer: 1234.5,
      event: 'motionchange',
      battery: { level: 0.83, is_charging: false },
      activity: { type: 'on_foot' },
    },
    device_id: '123456',
  };

  it('reads coords (speed already m/s) and battery level 0..1 as percent', () => {
    expect(parseOsmandJson(body, received)).toEqual({
      ok: true,
      form: 'json',
      uniqueId: '123456',
      fix: {
        fixTime: '2026-11-23T08:00:00.000Z',
        lat: 40.8051,
        lon: 111.6052,
        accuracy: 4.5,
        speed: 1.4,
        heading: 270,
        altitude: 1048.2,
        battery: 83,
      },
    });
  });

  it('treats -1 as unknown', () => {
    const unknown = {
      ...body,
      location: {
        ...body.location,
        coords: { ...body.location.coords, speed: -1, heading: -1 },
        battery: { level: -1 },
      },
    };
    const parsed = parseOsmandJson(unknown, received);
    expect(parsed.ok && parsed.fix).not.toHaveProperty('speed');
    expect(parsed.ok && parsed.fix).not.toHaveProperty('heading');
    expect(parsed.ok && parsed.fix).not.toHaveProperty('battery');
  });

  it('says what is wrong with a bad body', () => {
    expect(parseOsmandJson([], received)).toMatchObject({ ok: false });
    expect(parseOsmandJson({ location: body.location }, received)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/device_id/),
    });
    expect(
      parseOsmandJson({ device_id: '1', location: { coords: { latitude: 'x' } } }, received),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/numbers/),
    });
  });
});
