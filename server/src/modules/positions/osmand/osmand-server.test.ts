// The listener's answers around a fake ingest: what reaches it for each form of request, and the
// status codes Traccar Client expects back. Storing is covered against PostGIS in test/osmand.test.ts.
import type { Fix } from '@fcc/shared';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildOsmandServer, type OsmandIngest, type OsmandIngestResult } from './osmand-server';

const KNOWN = '862104052244321';

class FakeIngest implements OsmandIngest {
  readonly received: { uniqueId: string; fix: Fix }[] = [];
  answer: OsmandIngestResult | Error = { ok: true };

  async ingestByUniqueId(uniqueId: string, fix: Fix): Promise<OsmandIngestResult | undefined> {
    if (uniqueId !== KNOWN) return undefined;
    if (this.answer instanceof Error) throw this.answer;
    this.received.push({ uniqueId, fix });
    return this.answer;
  }
}

let ingest: FakeIngest;
let app: FastifyInstance;

beforeEach(async () => {
  ingest = new FakeIngest();
  app = buildOsmandServer({ ingest, log: pino({ level: 'silent' }) });
  await app.ready();
});
afterEach(async () => {
  await app.close();
});

const jsonBody = (deviceId: string) => ({
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
    _: `&id=${deviceId}&lat=40.80512&lon=111.60523&timestamp=2023-11-14T22:13:20.512Z&`,
  },
  device_id: deviceId,
});

describe('OsmAnd listener', () => {
  it('stores a Traccar Client GET and answers 200 with an empty body', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/?id=${KNOWN}&timestamp=1700000000&lat=40.8&lon=111.6&speed=10&bearing=90&altitude=1050&accuracy=8&batt=77`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(ingest.received).toEqual([
      {
        uniqueId: KNOWN,
        fix: {
          fixTime: '2023-11-14T22:13:20.000Z',
          lat: 40.8,
          lon: 111.6,
          speed: expect.closeTo(5.14444, 5),
          heading: 90,
          altitude: 1050,
          accuracy: 8,
          battery: 77,
        },
      },
    ]);
  });

  it('stores a POST with the parameters in the query string and an empty body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/?id=${KNOWN}&timestamp=1700000000&lat=40.8&lon=111.6`,
    });
    expect(response.statusCode).toBe(200);
    expect(ingest.received[0]?.fix).toEqual({ fixTime: '2023-11-14T22:13:20.000Z', lat: 40.8, lon: 111.6 });
  });

  it('stores a form POST (location=lat,lon, milliseconds)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `deviceid=${KNOWN}&timestamp=1700000000123&location=40.8%2C111.6&heading=45&batt=64`,
    });
    expect(response.statusCode).toBe(200);
    expect(ingest.received[0]?.fix).toEqual({
      fixTime: '2023-11-14T22:13:20.123Z',
      lat: 40.8,
      lon: 111.6,
      heading: 45,
      battery: 64,
    });
  });

  it('stores a Traccar Client 9 JSON POST', async () => {
    const response = await app.inject({ method: 'POST', url: '/', payload: jsonBody(KNOWN) });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(ingest.received).toEqual([
      {
        uniqueId: KNOWN,
        fix: {
          fixTime: '2023-11-14T22:13:20.512Z',
          lat: 40.80512,
          lon: 111.60523,
          accuracy: 4.7,
          speed: 1.38,
          heading: 271.4,
          altitude: 1051.2,
          battery: 63,
        },
      },
    ]);
  });

  it('reads a JSON body sent without a JSON content type as parameters, as Traccar does', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify(jsonBody(KNOWN)),
    });
    expect(response.statusCode).toBe(200);
    expect(ingest.received[0]?.fix).toEqual({
      fixTime: '2023-11-14T22:13:20.512Z',
      lat: 40.80512,
      lon: 111.60523,
    });
  });

  it('answers an unknown device 400 for parameters and 404 for JSON', async () => {
    const query = await app.inject({ method: 'GET', url: '/?id=nobody&lat=40.8&lon=111.6' });
    expect(query.statusCode).toBe(400);
    expect(query.body).toMatch(/unknown device nobody/);
    const form = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'id=nobody&lat=40.8&lon=111.6',
    });
    expect(form.statusCode).toBe(400);
    const json = await app.inject({ method: 'POST', url: '/', payload: jsonBody('nobody') });
    expect(json.statusCode).toBe(404);
    expect(json.body).toMatch(/unknown device nobody/);
    expect(ingest.received).toEqual([]);
  });

  it('answers a request it cannot parse 400 with what is wrong, in plain text', async () => {
    const cases: [string, RegExp][] = [
      ['/?lat=40.8&lon=111.6', /id is missing/],
      [`/?id=${KNOWN}&lat=NaN&lon=111.6`, /lat "NaN" is not a number/],
      [`/?id=${KNOWN}&lat=91&lon=111.6`, /lat 91 is not between -90 and 90/],
      [`/?id=${KNOWN}&lat=40.8&lon=111.6&timestamp=tuesday`, /timestamp "tuesday" is not a time/],
    ];
    for (const [url, message] of cases) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toMatch(/^text\/plain/);
      expect(response.body, url).toMatch(message);
    }
    const json = await app.inject({
      method: 'POST',
      url: '/',
      payload: { device_id: KNOWN, location: { coords: { latitude: 'north', longitude: 111.6 } } },
    });
    expect(json.statusCode).toBe(400);
    expect(json.body).toMatch(/must both be numbers/);
    expect(ingest.received).toEqual([]);
  });

  it('passes on a refused fix with its reason and status', async () => {
    ingest.answer = { ok: false, reason: 'fixTime: 2099-01-01T00:00:00.000Z is in the future' };
    const refused = await app.inject({ method: 'GET', url: `/?id=${KNOWN}&lat=40.8&lon=111.6` });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toBe('fixTime: 2099-01-01T00:00:00.000Z is in the future');
    ingest.answer = { ok: false, status: 429, reason: 'too many fixes from this device; retry in 3 s' };
    const limited = await app.inject({ method: 'GET', url: `/?id=${KNOWN}&lat=40.8&lon=111.6` });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toMatch(/retry in 3 s/);
  });

  it('survives garbage: invalid JSON, a body over 64 KiB, a failing ingest, an unknown path', async () => {
    const invalid = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      payload: '{"device_id":',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toMatch(/JSON/);

    const huge = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `id=${KNOWN}&lat=40.8&lon=111.6&pad=${'x'.repeat(64 * 1024)}`,
    });
    expect(huge.statusCode).toBe(413);

    const binary = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from([0, 255, 1, 254, 38, 61]),
    });
    expect(binary.statusCode).toBe(400);

    ingest.answer = new Error('connection refused');
    const failing = await app.inject({ method: 'GET', url: `/?id=${KNOWN}&lat=40.8&lon=111.6` });
    expect(failing.statusCode).toBe(500);
    expect(failing.body).not.toMatch(/connection refused/);

    const elsewhere = await app.inject({
      method: 'GET',
      url: `/api/positions?id=${KNOWN}&lat=40.8&lon=111.6`,
    });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.body).toMatch(/server's root/);
    expect(ingest.received).toEqual([]);
  });

  it('logs refusals with their reason and failures with the error', async () => {
    const lines: { level: number; msg: string; reason?: string; err?: { message: string } }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const logged = buildOsmandServer({ ingest, log });
    await logged.inject({ method: 'GET', url: '/?id=nobody&lat=40.8&lon=111.6' });
    ingest.answer = new Error('connection refused');
    await logged.inject({ method: 'GET', url: `/?id=${KNOWN}&lat=40.8&lon=111.6` });
    await logged.close();
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, reason: expect.stringMatching(/unknown device nobody/) }),
      expect.objectContaining({ level: 50, err: expect.objectContaining({ message: 'connection refused' }) }),
    ]);
  });
});
