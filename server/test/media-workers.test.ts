// Relay worker threads (MEDIA_WORKERS=2) with real peers: streams are spread over the workers,
// publisher and viewers of a stream share one worker, the recorder still gets the packets, and
// a worker that dies ends only its own streams (with the reason) and is started again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stream } from '@fcc/shared';
import { RelayWorkers } from '../src/modules/media/relay-workers';
import { createTestApp, type TestApp } from './helpers/test-app';
import { startPublisher, startViewer } from './helpers/media-peers';
import { until } from './helpers/polling';

describe('media relay in worker threads', () => {
  let t: TestApp;
  let url: string;
  const ended: Stream[] = [];
  const whip = () => `${url}/api/media/devices/${t.device.id}/whip`;
  const whep = (streamId: string) => `${url}/api/streams/${streamId}/whep`;

  beforeAll(async () => {
    t = await createTestApp({ MEDIA_WORKERS: '2', MEDIA_TIMEOUT_MS: '3000' });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    t.app.services.media.on('stream', (stream) => stream.state === 'ended' && ended.push(stream));
  });
  afterAll(() => t.close());

  it('relays a stream from a worker to viewers, records it, and survives the worker dying', async () => {
    const host = t.app.services.media.relayHost;
    expect(host).toBeInstanceOf(RelayWorkers);
    const publisher = await startPublisher({ url: whip(), token: t.device.token });
    const streamId = publisher.exchange.streamId!;
    try {
      const viewer = await startViewer({ url: whep(streamId), token: t.tokens.operator });
      await viewer.receivesVideo(40, 30_000);
      expect(viewer.audioPackets()).toBeGreaterThan(0);
      const loads = await until(
        () => host.load(),
        (rows) => rows.some((row) => row.streams === 1 && row.viewers === 1),
        20_000,
      );
      const worker = loads.find((row) => row.streams === 1)!.worker!;
      expect(loads.filter((row) => row.streams === 0)).toHaveLength(1);
      // The recorder (in this thread) was told of the stream; it takes its packets from the worker.
      const recordingId = t.app.services.recordings.recordingOf(streamId);
      expect(recordingId).toBeDefined();

      await (host as RelayWorkers).crash(worker);
      const gone = await until(
        () => ended.find((stream) => stream.id === streamId),
        (stream) => stream !== undefined,
        20_000,
      );
      expect(gone!.endReason).toMatch(/relay worker stopped unexpectedly/);
      expect(host.load()[worker]!.restarts).toBe(1);
      await viewer.close();
    } finally {
      await publisher.drop();
    }
    // A new publish works again once the stream has ended (on the restarted or the other worker).
    const again = await startPublisher({ url: whip(), token: t.device.token });
    try {
      expect(again.exchange.status).toBe(201);
      const viewer = await startViewer({ url: whep(again.exchange.streamId!), token: t.tokens.operator });
      await viewer.receivesVideo(20, 30_000);
      await viewer.close();
    } finally {
      await again.stop(url, t.device.token);
    }
  }, 180_000);
});
