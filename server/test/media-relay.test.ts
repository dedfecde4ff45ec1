// The relay with real WebRTC peers: WHIP publishers fed by ffmpeg (-c copy) and WHEP viewers,
// over UDP on loopback; stream rows and the /live events that follow them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { LiveClientEvents, LiveServerEvents, Stream, StreamStats } from '@fcc/shared';
import { createTestApp, type TestApp } from './helpers/test-app';
import { startPublisher, startViewer, type TestPublisher } from './helpers/media-peers';
import { sleep, until } from './helpers/polling';

describe('media relay with real peers', () => {
  let t: TestApp;
  let url: string;
  let live: Socket<LiveServerEvents, LiveClientEvents>;
  const changes: Stream[] = [];
  const stats: StreamStats[] = [];
  const whip = () => `${url}/api/media/devices/${t.device.id}/whip`;
  const whep = (streamId: string) => `${url}/api/streams/${streamId}/whep`;
  const listed = async () =>
    (await t.app.inject({ url: '/api/streams', headers: t.auth('operator') })).json<Stream[]>();

  beforeAll(async () => {
    t = await createTestApp({
      MEDIA_STATS_INTERVAL_MS: '500',
      MEDIA_TIMEOUT_MS: '2000',
      MEDIA_RECONNECT_GRACE_SECONDS: '8',
    });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    live = connect(`${url}/live`, {
      auth: { token: t.tokens.operator },
      transports: ['websocket'],
      reconnection: false,
    });
    live.on('stream:changed', (stream) => changes.push(stream));
    live.on('stream:stats-updated', (sample) => stats.push(sample));
    await new Promise<void>((resolve, reject) => live.on('connect', resolve).on('connect_error', reject));
  });
  afterAll(async () => {
    live?.disconnect();
    await t.close();
  });

  describe('one publisher, several viewers', () => {
    let publisher: TestPublisher;
    let streamId: string;
    beforeAll(async () => {
      publisher = await startPublisher({ url: whip(), token: t.device.token });
      streamId = publisher.exchange.streamId!;
    });
    afterAll(() => publisher.stop(url, t.device.token));

    it('answers the WHIP offer with 201, an SDP answer and a Location', () => {
      expect(publisher.exchange.status).toBe(201);
      expect(publisher.exchange.body).toMatch(/^v=0/);
      expect(publisher.exchange.body).toMatch(/a=rtpmap:\d+ VP8\/90000/);
      expect(publisher.exchange.location).toMatch(/^\/api\/media\/whip\/[0-9a-f-]{36}$/);
    });

    it('lists the live stream and tells dashboards, with live stats', async () => {
      const streams = await listed();
      expect(streams).toHaveLength(1);
      expect(streams[0]).toMatchObject({
        id: streamId,
        state: 'live',
        videoCodec: 'VP8',
        audioCodec: 'opus',
      });
      await until(
        () => stats.filter((sample) => sample.streamId === streamId && sample.bitrateKbps > 0),
        (samples) => samples.length > 0,
      );
      expect(changes.some((stream) => stream.id === streamId && stream.state === 'live')).toBe(true);
      // The resolution is read from the VP8 keyframe header.
      const withSize = await until(listed, (rows) => rows[0]?.width !== null);
      expect(withSize[0]).toMatchObject({ width: 320, height: 240 });
    });

    it('starts a viewer from the cached GOP without asking the publisher for a keyframe', async () => {
      await sleep(1200); // a whole GOP (1 s) has reached the cache
      const before = publisher.keyframeRequests();
      const viewer = await startViewer({ url: whep(streamId), token: t.tokens.operator });
      await viewer.receivesVideo(40);
      // The cache begins the viewer's video with the GOP's keyframe (how soon is the benchmark's).
      expect(viewer.startedOnKeyframe()).toBe(true);
      expect(viewer.audioPackets()).toBeGreaterThan(0);
      expect(publisher.keyframeRequests()).toBe(before);
      expect(await viewer.stop(url, t.tokens.operator)).toBe(200);
    });

    it('keeps the other viewers going when one leaves cleanly and another vanishes', async () => {
      const viewers = await Promise.all(
        [1, 2, 3].map(() => startViewer({ url: whep(streamId), token: t.tokens.operator })),
      );
      await Promise.all(viewers.map((viewer) => viewer.receivesVideo(20)));
      expect((await listed())[0]!.viewers).toBe(3);
      expect(await viewers[0]!.stop(url, t.tokens.operator)).toBe(200); // DELETE
      await viewers[1]!.close(); // gone without a word
      await viewers[2]!.receivesVideo(40);
      await until(listed, (rows) => rows[0]?.viewers === 1);
      await viewers[2]!.close();
    });

    it('refuses a second publisher for the same device with 409 while the first sends', async () => {
      await expect(startPublisher({ url: whip(), token: t.device.token })).rejects.toThrow(
        /409.*already publishing/,
      );
      const viewer = await startViewer({ url: whep(streamId), token: t.tokens.operator });
      await viewer.receivesVideo(20); // the first publisher is undisturbed
      await viewer.close();
    });
  });

  it('resumes the same stream id when the publisher reconnects, and viewers resume', async () => {
    const first = await startPublisher({ url: whip(), token: t.device.token });
    const streamId = first.exchange.streamId!;
    const viewer = await startViewer({ url: whep(streamId), token: t.tokens.operator });
    await viewer.receivesVideo(20);

    await first.drop(); // 4G handover: no DELETE
    await until(listed, (rows) => rows.find((row) => row.id === streamId)?.state === 'reconnecting');
    const during = viewer.videoPackets();

    const second = await startPublisher({ url: whip(), token: t.device.token });
    expect(second.exchange.streamId).toBe(streamId);
    await viewer.receivesVideo(40);
    expect(viewer.videoPackets()).toBeGreaterThan(during);
    await until(listed, (rows) => rows.find((row) => row.id === streamId)?.state === 'live');

    expect(await second.stop(url, t.device.token)).toBe(200);
    const ended = await until(
      () => changes.filter((stream) => stream.id === streamId).at(-1),
      (last) => last?.state === 'ended',
    );
    expect(ended!.endReason).toBe('stopped by the publisher');
    await viewer.close();
  });

  it('ends a stream whose publisher does not come back within the grace period', async () => {
    const quick = await createTestApp({ MEDIA_TIMEOUT_MS: '500', MEDIA_RECONNECT_GRACE_SECONDS: '1' });
    try {
      const quickUrl = await quick.app.listen({ host: '127.0.0.1', port: 0 });
      const publisher = await startPublisher({
        url: `${quickUrl}/api/media/devices/${quick.device.id}/whip`,
        token: quick.device.token,
      });
      await publisher.drop();
      const open = async () =>
        (await quick.app.inject({ url: '/api/streams', headers: quick.auth('operator') })).json<Stream[]>();
      await until(open, (rows) => rows[0]?.state === 'reconnecting');
      await until(open, (rows) => rows.length === 0);
      const { rows } = await quickQuery(quick, publisher.exchange.streamId!);
      expect(rows[0]).toMatchObject({
        state: 'ended',
        end_reason: 'publisher lost (did not reconnect in time)',
      });
    } finally {
      await quick.close();
    }
  });

  it('stops what a device publishes when its token is revoked (a lost or stolen camera)', async () => {
    const admin = t.auth('administrator');
    const device = await t.app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: admin,
      payload: { kind: 'bodycam', name: 'Lost camera', uniqueId: 'BC-LOST-1' },
    });
    expect(device.statusCode).toBe(201);
    const deviceId = device.json<{ id: string }>().id;
    const issued = await t.app.inject({
      method: 'POST',
      url: `/api/devices/${deviceId}/token`,
      headers: admin,
    });
    const token = issued.json<{ token: string }>().token;
    const deviceWhip = `${url}/api/media/devices/${deviceId}/whip`;
    const publisher = await startPublisher({ url: deviceWhip, token });
    const streamId = publisher.exchange.streamId!;
    await until(listed, (rows) => rows.some((row) => row.id === streamId && row.state === 'live'));

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/devices/${deviceId}/token`,
      headers: admin,
    });
    expect(revoked.statusCode).toBe(204);
    const ended = await until(
      () => changes.filter((stream) => stream.id === streamId).at(-1),
      (last) => last?.state === 'ended',
    );
    expect(ended!.endReason).toBe('the device token was revoked');
    await expect(startPublisher({ url: deviceWhip, token })).rejects.toThrow(/401/);
    await publisher.drop();
  });

  it('relays H.264 (constrained baseline, packetization-mode 1) as well', async () => {
    const other = await createTestApp();
    try {
      const otherUrl = await other.app.listen({ host: '127.0.0.1', port: 0 });
      const publisher = await startPublisher({
        url: `${otherUrl}/api/media/devices/${other.device.id}/whip`,
        token: other.device.token,
        codec: 'H264',
      });
      expect(publisher.exchange.body).toMatch(/a=rtpmap:\d+ H264\/90000/i);
      await sleep(1200);
      const viewer = await startViewer({
        url: `${otherUrl}/api/streams/${publisher.exchange.streamId}/whep`,
        token: other.tokens.supervisor,
        codec: 'H264',
      });
      await viewer.receivesVideo(30);
      expect(viewer.firstKeyframeMs()).not.toBeNull();
      await viewer.close();
      await publisher.drop();
    } finally {
      await other.close();
    }
  });
});

function quickQuery(test: TestApp, streamId: string) {
  return import('pg').then(async ({ default: pg }) => {
    const client = new pg.Client({ connectionString: test.databaseUrl });
    await client.connect();
    try {
      return await client.query<{ state: string; end_reason: string }>(
        'SELECT state, end_reason FROM streams WHERE id = $1',
        [streamId],
      );
    } finally {
      await client.end();
    }
  });
}
