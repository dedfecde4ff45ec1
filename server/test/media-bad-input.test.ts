// Bad WHIP/WHEP input gets a clear 4xx with a message, and a stream already live is unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app';
import { createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { startPublisher, startViewer, type TestPublisher } from './helpers/media-peers';

/** A structurally valid offer with the given video codecs (rtpmap + fmtp lines). */
function offer(videoCodecs: string[], direction = 'sendonly', audio = true): string {
  const payloadTypes = videoCodecs.map((_, index) => 96 + index);
  const lines = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=fingerprint:sha-256 ' + Array.from({ length: 32 }, () => 'AB').join(':'),
    'a=ice-ufrag:abcd',
    'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    `m=video 9 UDP/TLS/RTP/SAVPF ${payloadTypes.join(' ')}`,
    'c=IN IP4 0.0.0.0',
    'a=mid:0',
    `a=${direction}`,
    'a=rtcp-mux',
    'a=setup:actpass',
    ...videoCodecs.flatMap((codec, index) => {
      const [name, fmtp] = codec.split(';;');
      return [`a=rtpmap:${96 + index} ${name}/90000`, ...(fmtp ? [`a=fmtp:${96 + index} ${fmtp}`] : [])];
    }),
  ];
  if (audio) {
    lines.push(
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'c=IN IP4 0.0.0.0',
      'a=mid:1',
      `a=${direction}`,
      'a=rtcp-mux',
    );
    lines.push('a=setup:actpass', 'a=rtpmap:111 opus/48000/2');
  }
  return lines.join('\r\n') + '\r\n';
}

describe('media: bad input', () => {
  let t: TestApp;
  let url: string;
  let patrol: PatrolFixture;
  let publisher: TestPublisher;
  const whipUrl = () => `/api/media/devices/${t.device.id}/whip`;
  const postSdp = (path: string, body: string, headers: Record<string, string> = t.auth('device')) =>
    t.app.inject({
      method: 'POST',
      url: path,
      payload: body,
      headers: { ...headers, 'content-type': 'application/sdp' },
    });

  beforeAll(async () => {
    t = await createTestApp();
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    patrol = await createPatrolFixture(t);
    // A stream that must stay undisturbed by everything below.
    publisher = await startPublisher({
      url: `${url}/api/media/devices/${patrol.deviceId}/whip`,
      token: patrol.deviceToken,
    });
  });
  afterAll(async () => {
    await publisher?.drop();
    await t.close();
  });

  it.each([
    ['an empty body', ''],
    ['text that is not SDP', 'hello'],
    ['an offer without media', 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n'],
    ['an offer without ICE credentials', offer(['VP8']).replace(/a=ice-(ufrag|pwd):.*\r\n/g, '')],
  ])('refuses %s with 400', async (_name, body) => {
    const response = await postSdp(whipUrl(), body);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/SDP|offer/);
  });

  it('refuses an offer with only unsupported codecs with 422 naming what is accepted', async () => {
    const response = await postSdp(
      whipUrl(),
      offer(['VP9', 'H264;;profile-level-id=640032;packetization-mode=1', 'AV1']),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toBe(
      'No usable video codec in the offer: offered VP9, H264, AV1; accepted VP8, H264 (constrained baseline, packetization-mode=1).',
    );
  });

  it('refuses H.264 in packetization mode 0 only', async () => {
    const response = await postSdp(whipUrl(), offer(['H264;;profile-level-id=42e01f;packetization-mode=0']));
    expect(response.statusCode).toBe(422);
  });

  it('refuses a WHIP offer that only wants to receive', async () => {
    const response = await postSdp(whipUrl(), offer(['VP8'], 'recvonly'));
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/recvonly.*must send/);
  });

  it('refuses a wrong token with 401 and a user token with 403', async () => {
    const wrong = await postSdp(whipUrl(), offer(['VP8']), { authorization: 'Bearer fcc_d_wrong' });
    expect(wrong.statusCode).toBe(401);
    const user = await postSdp(whipUrl(), offer(['VP8']), t.auth('operator'));
    expect(user.statusCode).toBe(403);
    expect(user.json().message).toMatch(/device token/);
  });

  it("refuses a device publishing to another device's endpoint with 403", async () => {
    const response = await postSdp(`/api/media/devices/${patrol.deviceId}/whip`, offer(['VP8']));
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toContain(`/api/media/devices/${t.device.id}/whip`);
  });

  it('refuses a body that is not application/sdp with 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: whipUrl(),
      payload: { sdp: 'v=0' },
      headers: t.auth('device'),
    });
    expect(response.statusCode).toBe(415);
  });

  it('answers trickle ICE (PATCH) with 405 and says what to do', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/media/whip/00000000-0000-4000-8000-000000000000`,
      headers: { ...t.auth('device'), 'content-type': 'application/trickle-ice-sdpfrag' },
      payload: 'a=candidate:1',
    });
    expect(response.statusCode).toBe(405);
    expect(response.json().message).toMatch(/complete offer/);
  });

  it('refuses WHEP for an unknown stream with 404, and an officer watching another officer with 403', async () => {
    const unknown = await postSdp(
      '/api/streams/00000000-0000-4000-8000-000000000000/whep',
      offer(['VP8'], 'recvonly'),
      t.auth('operator'),
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/No live stream/);
    const other = await postSdp(
      `/api/streams/${publisher.exchange.streamId}/whep`,
      offer(['VP8'], 'recvonly'),
      t.auth('officer'),
    );
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toMatch(/only their own/);
  });

  it('refuses a viewer that cannot decode the stream codec with 422', async () => {
    const response = await postSdp(
      `/api/streams/${publisher.exchange.streamId}/whep`,
      offer(['H264;;profile-level-id=42e01f;packetization-mode=1'], 'recvonly'),
      t.auth('operator'),
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toMatch(/accepted VP8/);
  });

  it('refuses to delete a session that is not yours with 404', async () => {
    const response = await t.app.inject({
      method: 'DELETE',
      url: publisher.exchange.location!,
      headers: t.auth('device'), // the other device
    });
    expect(response.statusCode).toBe(404);
  });

  it('left the live stream undisturbed', async () => {
    const streams = (await t.app.inject({ url: '/api/streams', headers: t.auth('operator') })).json<
      { id: string; state: string }[]
    >();
    expect(streams).toEqual([expect.objectContaining({ id: publisher.exchange.streamId, state: 'live' })]);
    const viewer = await startViewer({
      url: `${url}/api/streams/${publisher.exchange.streamId}/whep`,
      token: t.tokens.operator,
    });
    await viewer.receivesVideo(20);
    await viewer.close();
  });
});
