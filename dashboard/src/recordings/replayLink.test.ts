import { describe, expect, it } from 'vitest';
import { replayHref } from './replayLink';

const query = (href: string) => Object.fromEntries(new URL(href, 'http://x').searchParams);

describe('replayHref', () => {
  it("replays the recording's officer from a minute before to a minute after, on whole seconds", () => {
    const href = replayHref({
      officerId: 'officer-1',
      deviceId: 'device-1',
      startedAt: '2026-11-23T08:00:10.400Z',
      endedAt: '2026-11-23T08:05:00.200Z',
    });
    expect(href.startsWith('/replay?')).toBe(true);
    expect(query(href)).toEqual({
      officerId: 'officer-1',
      from: '2026-11-23T07:59:10.000Z',
      to: '2026-11-23T08:06:01.000Z',
    });
  });

  it('replays by device when nobody is named as the recorder yet', () => {
    const href = replayHref({
      officerId: null,
      deviceId: 'device-1',
      startedAt: '2026-11-23T08:00:00.000Z',
      endedAt: '2026-11-23T08:01:00.000Z',
    });
    expect(query(href)).toMatchObject({ deviceId: 'device-1' });
    expect(query(href).officerId).toBeUndefined();
  });

  it('ends a recording still running now, and keeps within the 24 hours the replay allows', () => {
    const now = Date.parse('2026-11-23T09:00:00.000Z');
    const running = { officerId: 'o', deviceId: 'd', startedAt: '2026-11-23T08:30:00.000Z', endedAt: null };
    expect(query(replayHref(running, now)).to).toBe('2026-11-23T09:01:00.000Z');
    const long = { ...running, startedAt: '2026-11-21T08:00:00.000Z', endedAt: '2026-11-23T08:00:00.000Z' };
    const { from, to } = query(replayHref(long, now));
    expect(Date.parse(to!) - Date.parse(from!)).toBe(24 * 3_600_000);
  });
});
