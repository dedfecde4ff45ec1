// Fixed cameras pulled by RTSP: an RTSP camera started in the test (ffmpeg's RTP behind a minimal
// RTSP server), pulled by the server only while someone watches or while it records
// continuously, with reconnect; an unreachable camera gets an ended stream with the reason.
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixedCamera, Stream } from '@fcc/shared';
import { createTestApp, type TestApp } from './helpers/test-app';
import { serveRtsp, startViewer, type RtspCamera } from './helpers/media-peers';
import { sleep, until } from './helpers/polling';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('fixed cameras by RTSP pull', () => {
  let t: TestApp;
  let url: string;
  let camera: RtspCamera;
  let cameraId: string;
  const listed = async () =>
    (await t.app.inject({ url: '/api/streams', headers: t.auth('operator') })).json<Stream[]>();
  const cameras = async () =>
    (await t.app.inject({ url: '/api/media/cameras', headers: t.auth('operator') })).json<FixedCamera[]>();
  const addCamera = async (name: string, rtspUrl: string) => {
    const device = await t.app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: t.auth('administrator'),
      payload: { kind: 'fixed_camera', name, uniqueId: name.replace(/[^A-Za-z0-9]+/g, '-') },
    });
    const id = device.json<{ id: string }>().id;
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/media/cameras/${id}`,
      headers: t.auth('administrator'),
      payload: { rtspUrl, location: { lat: 40.8183, lon: 111.6708 } },
    });
    expect(set.statusCode).toBe(200);
    return { id, camera: set.json<FixedCamera>() };
  };
  const requestStream = (deviceId: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/media/devices/${deviceId}/stream-request`,
      headers: t.auth('operator'),
      payload: {},
    });
  const endReasons = async (deviceId: string) => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ end_reason: string | null }>(
        'SELECT end_reason FROM streams WHERE device_id = $1 ORDER BY started_at',
        [deviceId],
      );
      return rows.map((row) => row.end_reason);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    t = await createTestApp({
      MEDIA_IDLE_STOP_SECONDS: '1.5',
      MEDIA_TIMEOUT_MS: '1000',
      MEDIA_RECONNECT_GRACE_SECONDS: '15',
    });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    camera = await serveRtsp();
    const added = await addCamera(
      'Market street cam',
      camera.url.replace('rtsp://', 'rtsp://viewer:s3cret@'),
    );
    cameraId = added.id;
    expect(added.camera.rtspUrl).toBe(camera.url.replace('rtsp://', 'rtsp://viewer:***@'));
  });
  afterAll(async () => {
    await t.close();
    await camera?.close();
  });

  it('refuses to register a device that is not a fixed camera', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: `/api/media/cameras/${t.device.id}`,
      headers: t.auth('administrator'),
      payload: { rtspUrl: 'rtsp://127.0.0.1/x', location: { lat: 40, lon: 111 } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toMatch(/fixed_camera/);
  });

  it('pulls the camera only once someone asks to watch, relays it, and stops after the last viewer leaves', async () => {
    await sleep(1000);
    expect(camera.playing()).toBe(0); // registered, but nobody watches
    const asked = await requestStream(cameraId);
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toMatchObject({ delivered: 1, streamId: null });
    const [stream] = await until(listed, (rows) => rows.length === 1);
    expect(stream).toMatchObject({
      deviceId: cameraId,
      ingest: 'rtsp',
      state: 'live',
      onDemand: true,
      videoCodec: 'H264',
    });
    expect(camera.playing()).toBe(1);
    expect((await cameras())[0]!.pull).toMatchObject({
      state: 'pulling',
      streamId: stream!.id,
      reason: null,
    });

    const viewer = await startViewer({
      url: `${url}/api/streams/${stream!.id}/whep`,
      token: t.tokens.operator,
      codec: 'H264',
    });
    await viewer.receivesVideo(40);
    expect(viewer.audioPackets()).toBeGreaterThan(10);
    expect(await viewer.stop(url, t.tokens.operator)).toBe(200);

    await until(listed, (rows) => rows.length === 0);
    await until(
      () => camera.playing(),
      (count) => count === 0,
    );
    expect((await cameras())[0]!.pull.state).toBe('idle');
  });

  it('keeps pulling a camera that records continuously, and reconnects to the same stream after a drop', async () => {
    const settings = await t.app.inject({
      method: 'PUT',
      url: `/api/media/devices/${cameraId}/settings`,
      headers: t.auth('administrator'),
      payload: { recordContinuously: true },
    });
    expect(settings.statusCode).toBe(200);
    const [stream] = await until(listed, (rows) => rows.length === 1 && rows[0]!.state === 'live');
    expect(stream!.onDemand).toBe(false);

    camera.dropPlayers(); // the camera reboots
    await until(listed, (rows) => rows[0]?.state === 'reconnecting');
    const back = await until(listed, (rows) => rows[0]?.state === 'live', 20_000);
    expect(back[0]!.id).toBe(stream!.id);
    expect(camera.playing()).toBe(1);

    await t.app.inject({
      method: 'PUT',
      url: `/api/media/devices/${cameraId}/settings`,
      headers: t.auth('administrator'),
      payload: { recordContinuously: false },
    });
    await until(listed, (rows) => rows.length === 0);
    await until(
      () => camera.playing(),
      (count) => count === 0,
    );
  });

  it('gives an unreachable camera an ended stream with the reason, and leaves the others alone', async () => {
    const { id } = await addCamera('Bridge cam (offline)', `rtsp://127.0.0.1:${await closedPort()}/camera`);
    expect((await requestStream(cameraId)).statusCode).toBe(202);
    await until(listed, (rows) => rows.length === 1 && rows[0]!.state === 'live');

    expect((await requestStream(id)).statusCode).toBe(202);
    const reasons = await until(
      () => endReasons(id),
      (rows) => rows.length === 1 && rows[0] !== null, // the row exists before the pull fails
      20_000,
    );
    expect(reasons[0]).toMatch(/^camera unreachable: .*Connection refused/);
    const offline = (await cameras()).find((row) => row.deviceId === id)!;
    expect(offline.pull).toMatchObject({ state: 'idle', streamId: null });
    expect(offline.pull.reason).toMatch(/Connection refused/);
    expect(await listed()).toHaveLength(1); // the working camera's stream goes on
  });
});
