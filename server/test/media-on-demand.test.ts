// On demand: an operator asks a device (over its socket) to stream; the stream stops when its
// last viewer has left for the idle time, unless the device records continuously. Talkback:
// the operator's microphone reaches the device by WHEP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { Alert, DeviceClientEvents, DeviceServerEvents, Stream, StreamStartRequest } from '@fcc/shared';
import { createTestApp, type TestApp } from './helpers/test-app';
import { startPublisher, startViewer } from './helpers/media-peers';
import { sleep, until } from './helpers/polling';

function next<T>(socket: Socket, event: string, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} in ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

describe('media on demand and talkback', () => {
  let t: TestApp;
  let url: string;
  let device: Socket<DeviceServerEvents, DeviceClientEvents>;
  const openStreams = async () =>
    (await t.app.inject({ url: '/api/streams', headers: t.auth('operator') })).json<Stream[]>();
  const requestStream = () =>
    t.app.inject({
      method: 'POST',
      url: `/api/media/devices/${t.device.id}/stream-request`,
      headers: t.auth('operator'),
      payload: { reason: 'incident at the market' },
    });

  beforeAll(async () => {
    // Long enough for a viewer to connect on a loaded machine before an unwatched stream stops.
    t = await createTestApp({ MEDIA_IDLE_STOP_SECONDS: '6' });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    device?.disconnect();
    await t.close();
  });

  it('answers 409 when the device is not connected', async () => {
    const response = await requestStream();
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toMatch(/not connected/);
  });

  it('asks the connected device, which publishes; the stream stops after its last viewer leaves', async () => {
    device = connect(`${url}/device`, {
      auth: { token: t.device.token },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => device.on('connect', resolve).on('connect_error', reject));
    const asked = next<StreamStartRequest>(device, 'stream:start');
    const response = await requestStream();
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ delivered: 1, streamId: null });
    const request = await asked;
    expect(request).toMatchObject({ reason: 'incident at the market', requestedBy: 'Test operator' });

    const publisher = await startPublisher({ url: `${url}${request.whipUrl}`, token: t.device.token });
    const streamId = publisher.exchange.streamId!;
    expect((await openStreams())[0]).toMatchObject({
      id: streamId,
      onDemand: true,
      userId: t.userIds.operator,
    });

    const viewer = await startViewer({
      url: `${url}/api/streams/${streamId}/whep`,
      token: t.tokens.operator,
    });
    await viewer.receivesVideo(20);
    await sleep(6500); // longer than the idle time, but someone watches
    expect((await openStreams()).map((stream) => stream.id)).toEqual([streamId]);

    const stopped = next<{ streamId: string; reason: string }>(device, 'stream:stop');
    expect(await viewer.stop(url, t.tokens.operator)).toBe(200);
    expect(await stopped).toEqual({ streamId, reason: 'nobody watching (on-demand stream)' });
    // The device is told before the row is marked ended: on a busy machine the row may lag a little.
    for (let tries = 0; tries < 20 && (await openStreams()).length > 0; tries += 1) await sleep(100);
    expect(await openStreams()).toEqual([]);
    await publisher.drop();
  });

  it('keeps an on-demand stream going without viewers when the device records continuously', async () => {
    const settings = await t.app.inject({
      method: 'PUT',
      url: `/api/media/devices/${t.device.id}/settings`,
      headers: t.auth('administrator'),
      payload: { recordContinuously: true },
    });
    expect(settings.statusCode).toBe(200);
    const asked = next<StreamStartRequest>(device, 'stream:start');
    expect((await requestStream()).statusCode).toBe(202);
    const publisher = await startPublisher({ url: `${url}${(await asked).whipUrl}`, token: t.device.token });
    await sleep(6500); // longer than the idle time, nobody watching
    expect(await openStreams()).toEqual([
      expect.objectContaining({ id: publisher.exchange.streamId, state: 'live' }),
    ]);
    // Asking again while it is live answers with the stream instead of asking the device.
    const again = await requestStream();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ delivered: 0, streamId: publisher.exchange.streamId });
    await publisher.stop(url, t.device.token);
  });

  it('carries an operator talking to the device (talkback) to the device by WHEP', async () => {
    const started = next<{ streamId: string; whepUrl: string; speaker: string }>(device, 'talkback:started');
    const operator = await startPublisher({
      url: `${url}/api/media/devices/${t.device.id}/talkback`,
      token: t.tokens.operator,
      video: false,
    });
    expect(operator.exchange.location).toMatch(/^\/api\/media\/talkback\/[0-9a-f-]{36}$/);
    const announced = await started;
    expect(announced).toMatchObject({ streamId: operator.exchange.streamId, speaker: 'Test operator' });

    const listener = await startViewer({
      url: `${url}${announced.whepUrl}`,
      token: t.device.token,
      kinds: ['audio'],
    });
    const deadline = Date.now() + 10_000;
    while (listener.audioPackets() < 25 && Date.now() < deadline) await sleep(100);
    expect(listener.audioPackets()).toBeGreaterThanOrEqual(25);

    // A second operator cannot talk over the first.
    await expect(
      startPublisher({
        url: `${url}/api/media/devices/${t.device.id}/talkback`,
        token: t.tokens.administrator,
        video: false,
      }),
    ).rejects.toThrow(/409/);

    const ended = next<{ streamId: string }>(device, 'talkback:ended');
    expect(await operator.stop(url, t.tokens.operator)).toBe(200);
    expect(await ended).toEqual({ streamId: operator.exchange.streamId });
    await listener.close();
  });

  it('raises "camera activated" when a body camera starts streaming on its own, not when asked to', async () => {
    const cameraAlerts = async () =>
      (await t.app.inject({ url: '/api/alerts', headers: t.auth('operator') }))
        .json<Alert[]>()
        .filter((alert) => alert.kind === 'camera-activated');
    const before = await cameraAlerts(); // the streams above were all asked for
    expect(before).toEqual([]);
    const publisher = await startPublisher({
      url: `${url}/api/media/devices/${t.device.id}/whip`,
      token: t.device.token,
    });
    const raised = await until(cameraAlerts, (alerts) => alerts.length === 1);
    expect(raised[0]).toMatchObject({
      deviceId: t.device.id,
      severity: 'warning',
      data: { streamId: publisher.exchange.streamId, ingest: 'whip' },
    });
    await publisher.stop(url, t.device.token);
  });

  it('refuses a device WHEP for talkback when nobody talks to it', async () => {
    await expect(
      startViewer({ url: `${url}/api/media/talkback/whep`, token: t.device.token, kinds: ['audio'] }),
    ).rejects.toThrow(/404.*No operator/);
  });
});
