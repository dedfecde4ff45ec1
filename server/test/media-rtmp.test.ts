// RTMP push from a body camera: ffmpeg pushes an H.264 + AAC clip (-c copy) to the server's
// RTMP listener with the device's stream key; a werift WHEP viewer receives video and Opus audio.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Stream, StreamKeyIssued } from '@fcc/shared';
import { createTestApp, type TestApp } from './helpers/test-app';
import { pushRtmp, startViewer, type RtmpPush } from './helpers/media-peers';
import { sleep, until } from './helpers/polling';

describe('RTMP push', () => {
  let t: TestApp;
  let url: string;
  let issued: StreamKeyIssued;
  let push: RtmpPush;
  const listed = async () =>
    (await t.app.inject({ url: '/api/streams', headers: t.auth('operator') })).json<Stream[]>();
  const rtmpUrl = (key: string) => `rtmp://127.0.0.1:${t.app.services.mediaIngest.rtmpPort}/live/${key}`;
  const issueKey = async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/media/devices/${t.device.id}/stream-key`,
      headers: t.auth('administrator'),
    });
    expect(response.statusCode).toBe(201);
    return response.json<StreamKeyIssued>();
  };

  beforeAll(async () => {
    t = await createTestApp({
      RTMP_PORT: '0',
      MEDIA_TIMEOUT_MS: '1000',
      MEDIA_RECONNECT_GRACE_SECONDS: '10',
    });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    issued = await issueKey();
  });
  afterAll(async () => {
    await push?.kill();
    await t.close();
  });

  it('issues a stream key once, only to administrators, with the URL to push to', async () => {
    expect(issued.streamKey).toMatch(/^sk_[\w-]{20,}$/);
    expect(issued.rtmpUrl).toBe(
      `rtmp://localhost:${t.app.services.mediaIngest.rtmpPort}/live/${issued.streamKey}`,
    );
    const asOperator = await t.app.inject({
      method: 'POST',
      url: `/api/media/devices/${t.device.id}/stream-key`,
      headers: t.auth('operator'),
    });
    expect(asOperator.statusCode).toBe(403);
    const audit = await t.app.inject({ url: '/api/audit', headers: t.auth('administrator') });
    expect(audit.body).toContain('device.stream-key-issued');
    expect(audit.body).not.toContain(issued.streamKey);
  });

  it('relays a camera pushing H.264 + AAC by RTMP to a WHEP viewer, audio as Opus', async () => {
    push = await pushRtmp(rtmpUrl(issued.streamKey));
    const [stream] = await until(listed, (rows) => rows.length === 1);
    expect(stream).toMatchObject({
      deviceId: t.device.id,
      ingest: 'rtmp',
      state: 'live',
      videoCodec: 'H264',
      audioCodec: 'opus',
    });
    // The size is read from the H.264 SPS the remux puts before each keyframe.
    await until(listed, (rows) => rows[0]?.width === 320 && rows[0]?.height === 240);
    await sleep(1200); // a GOP (1 s) in the relay's cache
    const viewer = await startViewer({
      url: `${url}/api/streams/${stream!.id}/whep`,
      token: t.tokens.operator,
      codec: 'H264',
    });
    await viewer.receivesVideo(40);
    expect(viewer.startedOnKeyframe()).toBe(true); // from the GOP cache: RTMP cannot be asked for one
    expect(viewer.audioPackets()).toBeGreaterThan(20);
    await viewer.close();
    // Nobody asked for it: the body camera started on its own.
    const alerts = (await t.app.inject({ url: '/api/alerts', headers: t.auth('operator') })).json<Alert[]>();
    expect(alerts.find((alert) => alert.kind === 'camera-activated')).toMatchObject({
      deviceId: t.device.id,
      data: { streamId: stream!.id, ingest: 'rtmp' },
    });
  });

  it('refuses a wrong key, and the live stream goes on undisturbed', async () => {
    const [stream] = await listed();
    const viewer = await startViewer({
      url: `${url}/api/streams/${stream!.id}/whep`,
      token: t.tokens.operator,
      codec: 'H264',
    });
    await viewer.receivesVideo(10);
    const wrong = await pushRtmp(rtmpUrl('sk_not-a-key-of-any-device-at-all'));
    const refused = await Promise.race([wrong.exited, sleep(10_000).then(() => null)]);
    await wrong.kill();
    expect(refused).not.toBeNull();
    expect(refused!.code).not.toBe(0);
    expect(refused!.stderr).toMatch(/Unknown stream key/);
    await viewer.receivesVideo(30); // still flowing
    expect((await listed()).map((row) => row.id)).toEqual([stream!.id]);
    await viewer.close();
  });

  it('ends the stream when the camera unpublishes cleanly', async () => {
    const [stream] = await listed();
    await push.stop();
    await until(listed, (rows) => rows.length === 0);
    const row = await t.app.services.media['repository'].find(stream!.id);
    expect(row).toMatchObject({ state: 'ended', endReason: 'stopped by the publisher' });
  });

  it('keeps the stream id across a dropped connection (4G loss) and refuses a revoked key', async () => {
    const first = await pushRtmp(rtmpUrl(issued.streamKey));
    const [stream] = await until(listed, (rows) => rows.length === 1 && rows[0]!.state === 'live');
    await first.kill();
    await until(listed, (rows) => rows[0]?.state === 'reconnecting');
    push = await pushRtmp(rtmpUrl(issued.streamKey));
    const resumed = await until(listed, (rows) => rows[0]?.state === 'live');
    expect(resumed[0]!.id).toBe(stream!.id);
    await push.stop();
    await until(listed, (rows) => rows.length === 0);

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/media/devices/${t.device.id}/stream-key`,
      headers: t.auth('administrator'),
    });
    expect(revoked.statusCode).toBe(204);
    const refusedPush = await pushRtmp(rtmpUrl(issued.streamKey));
    const refused = await Promise.race([refusedPush.exited, sleep(10_000).then(() => null)]);
    await refusedPush.kill();
    expect(refused?.code).not.toBe(0);
    expect(refused?.stderr).toMatch(/Unknown stream key/);
    expect(await listed()).toHaveLength(0);
  });
});
