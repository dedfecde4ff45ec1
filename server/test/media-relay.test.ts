// The relay with real WebRTC peers: a WHIP publisher fed by ffmpeg (-c copy) and WHEP viewers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stream } from '@fcc/shared';
import { createTestApp, type TestApp } from './helpers/test-app';
import { startPublisher, startViewer, type TestPublisher } from './helpers/media-peers';

describe('media relay with real peers', () => {
  let t: TestApp;
  let url: string;
  let publisher: TestPublisher;
  beforeAll(async () => {
    t = await createTestApp({ MEDIA_STATS_INTERVAL_MS: '500' });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    publisher = await startPublisher({
      url: `${url}/api/media/devices/${t.device.id}/whip`,
      token: t.device.token,
    });
  });
  afterAll(async () => {
    await publisher?.drop();
    await t.close();
  });

  it('answers the WHIP offer with 201, an SDP answer and a Location', () => {
    expect(publisher.exchange.status).toBe(201);
    expect(publisher.exchange.body).toMatch(/^v=0/);
    expect(publisher.exchange.location).toMatch(/^\/api\/media\/whip\/[0-9a-f-]{36}$/);
  });

  it('lists the live stream', async () => {
    const response = await t.app.inject({ url: '/api/streams', headers: t.auth('operator') });
    const streams = response.json<Stream[]>();
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatchObject({
      id: publisher.exchange.streamId,
      state: 'live',
      videoCodec: 'VP8',
      audioCodec: 'opus',
    });
  });

  it('relays video and audio to a WHEP viewer, starting from the cached keyframe', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let a GOP reach the cache
    const before = publisher.keyframeRequests();
    const viewer = await startViewer({
      url: `${url}/api/streams/${publisher.exchange.streamId}/whep`,
      token: t.tokens.operator,
    });
    await viewer.receivesVideo(50);
    expect(viewer.firstKeyframeMs()).not.toBeNull();
    expect(viewer.audioPackets()).toBeGreaterThan(0);
    expect(publisher.keyframeRequests()).toBe(before);
    console.log('first keyframe after', viewer.firstKeyframeMs(), 'ms');
    await viewer.close();
  });
});
