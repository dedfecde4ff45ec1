import type { Stream } from '@fcc/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { cameraStreamOf, useStreams } from './streams';

const stream = (id: string, overrides: Partial<Stream> = {}): Stream => ({
  id,
  deviceId: 'd1',
  officerId: 'o1',
  userId: null,
  ingest: 'whip',
  state: 'live',
  onDemand: false,
  videoCodec: 'VP8',
  audioCodec: 'opus',
  width: 320,
  height: 240,
  bitrateKbps: null,
  startedAt: '2026-11-23T10:00:00.000Z',
  endedAt: null,
  endReason: null,
  viewers: 0,
  ...overrides,
});

describe('streams store', () => {
  beforeEach(() => useStreams.getState().reset());

  it('shows a device’s open camera stream before an ended one, and never its talkback', () => {
    const items = {
      a: stream('a', { state: 'ended', startedAt: '2026-11-23T11:00:00.000Z', endReason: 'x' }),
      b: stream('b', { state: 'reconnecting' }),
      c: stream('c', { ingest: 'talkback', startedAt: '2026-11-23T12:00:00.000Z' }),
    };
    expect(cameraStreamOf(items, 'd1')?.id).toBe('b');
    expect(cameraStreamOf({ a: items.a, c: items.c }, 'd1')?.id).toBe('a');
    expect(cameraStreamOf(items, 'd2')).toBeUndefined();
  });

  it('keeps only the latest ended stream of a device, with its reason, and drops its stats', () => {
    const { changed, statsUpdated } = useStreams.getState();
    changed(stream('a', { state: 'ended', endReason: 'first' }));
    changed(stream('b'));
    statsUpdated({
      streamId: 'b',
      at: '2026-11-23T10:00:02.000Z',
      bitrateKbps: 400,
      packetsPerSecond: 50,
      packetsLost: 0,
      lossPercent: 0,
      rttMs: null,
      viewers: 1,
      keyframeRequests: 0,
    });
    changed(stream('b', { state: 'ended', endReason: 'stopped by the publisher' }));
    const state = useStreams.getState();
    expect(Object.keys(state.items)).toEqual(['b']);
    expect(state.items.b?.endReason).toBe('stopped by the publisher');
    expect(state.stats.b).toBeUndefined();
  });

  it('on reconnect, takes the open list and drops open streams the server no longer has', () => {
    const { changed, loaded } = useStreams.getState();
    changed(stream('gone'));
    changed(stream('ended', { deviceId: 'd2', state: 'ended', endReason: 'x' }));
    loaded([stream('new', { deviceId: 'd3' })]);
    expect(Object.keys(useStreams.getState().items).sort()).toEqual(['ended', 'new']);
  });
});
