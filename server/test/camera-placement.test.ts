// Where a fixed camera stands and looks: bearing, field of view and range set on registration or
// changed by an administrator (validated, audited, pushed to dashboards), and its pull state
// pushed to dashboards when it changes.
import net from 'node:net';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, FixedCamera, LiveClientEvents, LiveServerEvents } from '@fcc/shared';
import { createTestApp, type TestApp } from './helpers/test-app';
import { until } from './helpers/polling';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('fixed camera placement', () => {
  let t: TestApp;
  let live: Socket<LiveServerEvents, LiveClientEvents>;
  const changes: FixedCamera[] = [];
  const removals: string[] = [];
  const admin = () => t.auth('administrator');

  const addDevice = async (name: string, kind = 'fixed_camera') =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/devices',
        headers: admin(),
        payload: { kind, name, uniqueId: name.replace(/[^A-Za-z0-9]+/g, '-') },
      })
    ).json<{ id: string }>().id;
  const register = (deviceId: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/media/cameras/${deviceId}`,
      headers: admin(),
      payload: {
        rtspUrl: 'rtsp://cam:pw@192.0.2.10/stream1',
        location: { lat: 40.8183, lon: 111.6708 },
        ...body,
      },
    });
  const place = (deviceId: string, body: unknown, role: 'administrator' | 'operator' = 'administrator') =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/media/cameras/${deviceId}`,
      headers: t.auth(role),
      payload: body as Record<string, unknown>,
    });
  const cameraOf = async (deviceId: string) =>
    (await t.app.inject({ url: '/api/media/cameras', headers: t.auth('operator') }))
      .json<FixedCamera[]>()
      .find((camera) => camera.deviceId === deviceId);
  const auditOf = async (deviceId: string) =>
    (await t.app.inject({ url: '/api/audit?limit=500', headers: admin() }))
      .json<AuditEntry[]>()
      .filter((entry) => entry.targetId === deviceId);

  beforeAll(async () => {
    t = await createTestApp();
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    live = connect(`${url}/live`, {
      auth: { token: t.tokens.operator },
      transports: ['websocket'],
      reconnection: false,
    });
    live.on('camera:changed', (camera) => changes.push(camera));
    live.on('camera:removed', ({ deviceId }) => removals.push(deviceId));
    await new Promise<void>((resolve, reject) => live.on('connect', resolve).on('connect_error', reject));
  });
  afterAll(async () => {
    live?.disconnect();
    await t.close();
  });

  it('gives a camera registered without a view no bearing, 60° and 80 m; a view sent is kept', async () => {
    const plain = await addDevice('North gate cam');
    const registered = await register(plain, {});
    expect(registered.statusCode).toBe(200);
    expect(registered.json<FixedCamera>()).toMatchObject({ bearing: null, fov: 60, rangeMetres: 80 });

    const aimed = await addDevice('Market cam');
    const response = await register(aimed, { bearing: 135.5, fov: 90, rangeMetres: 120 });
    expect(response.statusCode).toBe(200);
    expect(await cameraOf(aimed)).toMatchObject({
      name: 'Market cam',
      location: { lat: 40.8183, lon: 111.6708 },
      bearing: 135.5,
      fov: 90,
      rangeMetres: 120,
    });
    // Changing the URL alone (PUT without a view) leaves where it looks as it was.
    await register(aimed, { rtspUrl: 'rtsp://192.0.2.11/main' });
    expect(await cameraOf(aimed)).toMatchObject({ bearing: 135.5, fov: 90, rangeMetres: 120 });
    expect(changes.some((camera) => camera.deviceId === aimed && camera.bearing === 135.5)).toBe(true);
  });

  it('moves and turns a camera, audits the change with the values before it, and tells dashboards', async () => {
    const id = await addDevice('Bridge cam');
    await register(id, { bearing: 10 });
    const response = await place(id, {
      location: { lat: 40.82, lon: 111.672 },
      bearing: 275,
      fov: 45,
      rangeMetres: 200,
    });
    expect(response.statusCode).toBe(200);
    const expected = {
      deviceId: id,
      location: { lat: 40.82, lon: 111.672 },
      bearing: 275,
      fov: 45,
      rangeMetres: 200,
      pull: { state: 'idle', reason: null, streamId: null },
    };
    expect(response.json()).toMatchObject(expected);
    expect(await cameraOf(id)).toMatchObject(expected);
    await until(
      () => changes.filter((camera) => camera.deviceId === id).at(-1),
      (camera) => camera?.bearing === 275 && camera.fov === 45,
    );

    const [entry] = (await auditOf(id)).filter((row) => row.action === 'device.camera-placed');
    expect(entry).toMatchObject({
      actor: 'test-administrator',
      targetType: 'device',
      details: {
        location: { lat: 40.82, lon: 111.672 },
        bearing: 275,
        fov: 45,
        rangeMetres: 200,
        previous: { location: { lat: 40.8183, lon: 111.6708 }, bearing: 10, fov: 60, rangeMetres: 80 },
      },
    });

    // Only what is sent changes; a null bearing says the direction is not known.
    expect((await place(id, { bearing: null })).statusCode).toBe(200);
    expect(await cameraOf(id)).toMatchObject({ bearing: null, fov: 45, rangeMetres: 200 });
  });

  it('refuses bad values with 400 naming the field, and writes nothing', async () => {
    const id = await addDevice('Square cam');
    await register(id, { bearing: 90, fov: 70, rangeMetres: 60 });
    const auditBefore = (await auditOf(id)).length;
    const cases: Array<[unknown, RegExp]> = [
      [{ bearing: 360 }, /"bearing" must be < 360/],
      [{ bearing: -1 }, /"bearing" must be >= 0/],
      [{ bearing: 'north' }, /"bearing" must be number/],
      [{ fov: 5 }, /"fov" must be >= 10/],
      [{ fov: 361 }, /"fov" must be <= 360/],
      [{ rangeMetres: 0 }, /"rangeMetres" must be >= 5/],
      [{ location: { lat: 91, lon: 111 } }, /"location.lat" must be <= 90/],
      [{ fov: 80, bearing: 400 }, /"bearing"/],
      [{ heading: 90 }, /unknown field "heading"/],
      [{}, /Nothing to change: send location, bearing, fov or rangeMetres/],
    ];
    for (const [body, message] of cases) {
      const response = await place(id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().message, JSON.stringify(body)).toMatch(message);
    }
    // Registration checks the same bounds.
    const bad = await register(id, { bearing: 90, fov: 400 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/"fov" must be <= 360/);

    expect(await cameraOf(id)).toMatchObject({ bearing: 90, fov: 70, rangeMetres: 60 });
    expect(await auditOf(id)).toHaveLength(auditBefore);
  });

  it('says what is wrong with the device: not a camera, not registered, unknown; and only administrators place', async () => {
    const bodycam = await addDevice('Body cam 7', 'bodycam');
    const notCamera = await place(bodycam, { bearing: 10 });
    expect(notCamera.statusCode).toBe(422);
    expect(notCamera.json().message).toMatch(/fixed_camera/);

    const unregistered = await addDevice('Unregistered cam');
    const missing = await place(unregistered, { bearing: 10 });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toMatch(/register its RTSP URL and location first/);

    const unknown = await place('00000000-0000-4000-8000-000000000000', { bearing: 10 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/No device/);

    const registered = await addDevice('Park cam');
    await register(registered, {});
    expect((await place(registered, { bearing: 10 }, 'operator')).statusCode).toBe(403);
    expect((await cameraOf(registered))!.bearing).toBeNull();
  });

  it('tells dashboards when a pull fails (with why) and when a camera is unregistered', async () => {
    const id = await addDevice('Offline cam');
    await register(id, {
      rtspUrl: `rtsp://viewer:s3cret@127.0.0.1:${await closedPort()}/camera`,
      bearing: 45,
    });
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/media/devices/${id}/stream-request`,
      headers: t.auth('operator'),
      payload: {},
    });
    expect(asked.statusCode).toBe(202);
    const failed = await until(
      () => changes.filter((camera) => camera.deviceId === id).at(-1),
      (camera) => camera?.pull.state === 'idle' && camera.pull.reason !== null,
    );
    expect(failed!.pull.reason).toMatch(/Connection refused/);
    // ffmpeg quotes the URL in its message; the password stays out of what staff are shown.
    expect(failed!.pull.reason).not.toContain('s3cret');
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    const { rows } = await client
      .query<{ end_reason: string }>('SELECT end_reason FROM streams WHERE device_id = $1', [id])
      .finally(() => client.end());
    expect(rows.map((row) => row.end_reason)).toEqual([
      expect.stringMatching(/^camera unreachable: .*viewer:\*\*\*@/),
    ]);
    expect(failed!.bearing).toBe(45);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/media/cameras/${id}`,
      headers: admin(),
    });
    expect(removed.statusCode).toBe(204);
    await until(
      () => removals,
      (ids) => ids.includes(id),
    );
    expect(await cameraOf(id)).toBeUndefined();
  });
});
