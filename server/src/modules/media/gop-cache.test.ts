import { describe, expect, it } from 'vitest';
import { GopCache } from './gop-cache';

const packet = (bytes: number) => Buffer.alloc(bytes);

describe('GOP cache', () => {
  it('keeps nothing before the first keyframe, then everything since the latest one', () => {
    const cache = new GopCache(10_000);
    cache.push(packet(10), 1, false);
    expect(cache.isEmpty).toBe(true);
    cache.push(packet(10), 2, true);
    cache.push(packet(10), 2, true); // same keyframe, second packet that looks like a start (SPS then IDR)
    cache.push(packet(10), 3, false);
    expect(cache.size).toEqual({ packets: 3, bytes: 30 });
    cache.push(packet(20), 4, true);
    expect(cache.size).toEqual({ packets: 1, bytes: 20 });
  });

  it('drops a GOP that grows past its limit until the next keyframe', () => {
    const cache = new GopCache(100);
    cache.push(packet(60), 1, true);
    cache.push(packet(60), 2, false);
    expect(cache.isEmpty).toBe(true);
    cache.push(packet(60), 3, false);
    expect(cache.isEmpty).toBe(true);
    cache.push(packet(60), 4, true);
    expect(cache.snapshot()).toHaveLength(1);
  });

  it('drops a GOP that lasts longer than its limit', () => {
    const cache = new GopCache(10_000, 90_000);
    cache.push(packet(10), 4_294_960_000, true); // the RTP clock wraps inside this GOP
    cache.push(packet(10), 50_000, false);
    expect(cache.size.packets).toBe(2);
    cache.push(packet(10), 100_000, false);
    expect(cache.isEmpty).toBe(true);
  });
});
