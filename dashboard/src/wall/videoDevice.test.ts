import type { Device, LivePosition, Stream } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { videoDeviceOf } from './videoDevice';

const device = (id: string, kind: Device['kind'], officerId: string | null = 'o1'): Device => ({
  id,
  kind,
  name: id,
  uniqueId: id,
  officerId,
  hasToken: true,
  tokenIssuedAt: null,
});
const devices = Object.fromEntries(
  [device('phone', 'phone'), device('cam', 'bodycam'), device('other', 'bodycam', 'o2')].map((d) => [
    d.id,
    d,
  ]),
);
const position = { officerId: 'o1', deviceId: 'phone' } as LivePosition;
const stream = (deviceId: string, state: Stream['state']) =>
  ({ id: `s-${deviceId}`, deviceId, ingest: 'whip', state, startedAt: '2026-01-01T00:00:00Z' }) as Stream;

describe('the device whose video shows an officer', () => {
  it('is the one streaming now', () => {
    expect(videoDeviceOf('o1', devices, position, { s: stream('cam', 'live') })).toBe('cam');
  });

  it('is the one reporting the position when none streams (an ended stream does not count)', () => {
    expect(videoDeviceOf('o1', devices, position, { s: stream('cam', 'ended') })).toBe('phone');
  });

  it('is a body camera before a phone with no position, and null with no device', () => {
    expect(videoDeviceOf('o1', devices, undefined, {})).toBe('cam');
    expect(videoDeviceOf('o3', devices, undefined, {})).toBeNull();
  });
});
