// A relay worker thread answering calls about a stream it no longer hosts: the service's stats
// timer samples every open stream and may cross a stream's end (the soak bench hit this with 20
// streams; a null answer used to throw in the server's thread and end the process).
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayWorkers } from './relay-workers';

describe('relay worker calls after a stream has closed', () => {
  const workers = new RelayWorkers(
    1,
    {
      gopCacheBytes: 1 << 20,
      gopCacheMaxMs: 5000,
      pliMinIntervalMs: 1000,
      peer: { iceAdditionalHostAddresses: [], icePortRange: null, gatherTimeoutMs: 2000 },
    },
    250,
    'silent',
    pino({ level: 'silent' }),
  );
  beforeAll(() => workers.start());
  afterAll(() => workers.stop());

  it('answers a stats sample with zeros and a new viewer with 404', async () => {
    const relay = workers.open('stream-that-ends', { video: null, audio: null });
    await expect(relay.sample()).resolves.toMatchObject({ bytes: 0, packets: 0 });
    await relay.close();
    // As publishStats does when the stream ended while it went through the list.
    await expect(relay.sample()).resolves.toEqual({ bytes: 0, packets: 0, packetsLost: null, rttMs: null });
    await expect(relay.acceptViewer('v=0', { video: null, audio: null })).rejects.toMatchObject({
      statusCode: 404,
      message: 'Stream stream-that-ends has just ended.',
    });
  }, 60_000);
});
