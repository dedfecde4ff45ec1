// The camera's handling of what the server and the network do, with a fake publisher (the real
// WHIP and RTMP publishers are exercised against a real server in test/video.test.ts).
import { describe, expect, it } from 'vitest';
import { until } from '../../server/test/helpers/polling';
import { BodyCamera } from './body-camera';
import type { VideoMode } from './camera-policy';
import { PeerFailed, type CameraPublisher } from './publishers';
import { ServerRejection } from './server-api';

class FakePublisher implements CameraPublisher {
  ended: 'stop' | 'drop' | null = null;
  private fail: (reason: string) => void = () => {};
  readonly failed = new Promise<string>((resolve) => (this.fail = resolve));
  constructor(readonly streamId: string) {}
  async stop() {
    this.ended ??= 'stop';
  }
  async drop() {
    this.ended ??= 'drop';
  }
  breaks() {
    this.fail('ffmpeg stopped');
  }
}

function camera(mode: VideoMode, answers: (() => CameraPublisher)[]) {
  const publishers: FakePublisher[] = [];
  const refusals: string[] = [];
  const counters = { streamsLive: 0, talkbackPackets: 0 };
  let attempts = 0;
  const cam = new BodyCamera({
    label: 'officer',
    mode,
    publish: async () => {
      const answer = answers[Math.min(attempts++, answers.length - 1)]!;
      const publisher = answer();
      if (publisher instanceof FakePublisher) publishers.push(publisher);
      return publisher;
    },
    listen: () => Promise.reject(new Error('no talkback here')),
    log: () => {},
    counters,
    refused: (message) => refusals.push(message),
    retryDelayMs: 5,
  });
  return { cam, publishers, refusals, counters, attempts: () => attempts };
}

const ok =
  (id = 's1') =>
  () =>
    new FakePublisher(id);
const rejection = (status: number) => () => {
  throw new ServerRejection(status, 'no', 'WHIP publish');
};
const networkDown = () => {
  throw new Error('ECONNREFUSED');
};

describe('body camera', () => {
  it('retries a network failure and publishes; drops silently offline and republishes when back', async () => {
    const t = camera('always', [networkDown, ok(), ok()]);
    t.cam.connected();
    await until(
      () => t.counters.streamsLive,
      (n) => n === 1,
    );
    expect(t.attempts()).toBe(2);
    t.cam.disconnected();
    await until(
      () => t.publishers[0]!.ended,
      (ended) => ended === 'drop',
    );
    expect(t.counters.streamsLive).toBe(0);
    t.cam.connected();
    await until(
      () => t.counters.streamsLive,
      (n) => n === 1,
    );
    expect(t.publishers).toHaveLength(2);
  });

  it('a 4xx at the first publish is a refusal: recorded, and no more attempts', async () => {
    const t = camera('always', [rejection(409), ok()]);
    t.cam.connected();
    await until(
      () => t.refusals.length,
      (n) => n === 1,
    );
    expect(t.refusals[0]).toContain('409');
    t.cam.streamRequested({ whipUrl: '/x', reason: null, requestedBy: 'op' });
    await t.cam.switchOff('shutdown');
    expect(t.attempts()).toBe(1);
  });

  it('a 409 after a dead zone (its own old publisher still heard) is retried, not a refusal', async () => {
    const t = camera('always', [ok('s1'), rejection(409), rejection(409), ok('s1')]);
    t.cam.connected();
    await until(
      () => t.counters.streamsLive,
      (n) => n === 1,
    );
    t.cam.disconnected();
    t.cam.connected();
    await until(
      () => t.publishers.length,
      (n) => n === 2,
    );
    expect(t.refusals).toEqual([]);
    expect(t.attempts()).toBe(4);
  });

  it('a peer that did not connect after the server answered is retried into the same stream, 409s included', async () => {
    const peerFailed = () => {
      throw new PeerFailed('the WebRTC connection failed');
    };
    const t = camera('always', [peerFailed, rejection(409), ok('s1')]);
    t.cam.connected();
    await until(
      () => t.counters.streamsLive,
      (n) => n === 1,
    );
    expect(t.refusals).toEqual([]);
    expect(t.attempts()).toBe(3);
  });

  it('a publisher that breaks is started again', async () => {
    const t = camera('always', [ok('s1'), ok('s1')]);
    t.cam.connected();
    await until(
      () => t.publishers.length,
      (n) => n === 1,
    );
    t.publishers[0]!.breaks();
    await until(
      () => t.publishers.length,
      (n) => n === 2,
    );
    expect(t.counters.streamsLive).toBe(1);
  });

  it("follows the server's stop for its own stream only, and stops cleanly at the end of the run", async () => {
    const t = camera('on-request', [ok('s1'), ok('s2')]);
    t.cam.connected();
    expect(t.attempts()).toBe(0);
    t.cam.streamRequested({ whipUrl: '/x', reason: null, requestedBy: 'op' });
    await until(
      () => t.counters.streamsLive,
      (n) => n === 1,
    );
    t.cam.stopRequested({ streamId: 'older', reason: 'x' });
    expect(t.publishers[0]!.ended).toBeNull();
    t.cam.stopRequested({ streamId: 's1', reason: 'nobody watching' });
    await until(
      () => t.publishers[0]!.ended,
      (ended) => ended === 'drop',
    );
    t.cam.streamRequested({ whipUrl: '/x', reason: null, requestedBy: 'op' });
    await until(
      () => t.counters.streamsLive,
      (n) => n === 1,
    );
    await t.cam.switchOff('shutdown');
    expect(t.publishers[1]!.ended).toBe('stop');
    expect(t.counters.streamsLive).toBe(0);
  });
});
