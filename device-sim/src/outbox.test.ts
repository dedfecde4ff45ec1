import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox';

describe('Outbox', () => {
  const fix = (second: number) => ({ fixTime: new Date(second * 1000).toISOString(), lat: 40, lon: 111 });

  it('keeps fixes until acked, and puts a failed batch back in front, in order', () => {
    const outbox = new Outbox();
    for (let s = 0; s < 5; s++) outbox.push(fix(s));
    const first = outbox.take(2)!;
    const second = outbox.take(2)!;
    outbox.push(fix(5));
    outbox.acked(second);
    outbox.failed(first);
    expect(outbox.size).toBe(4);
    expect(outbox.take(10)!.fixes.map((f) => f.fixTime)).toEqual([0, 1, 4, 5].map((s) => fix(s).fixTime));
  });

  it('returns every batch in flight when the connection drops', () => {
    const outbox = new Outbox();
    for (let s = 0; s < 6; s++) outbox.push(fix(s));
    outbox.take(2);
    outbox.take(2);
    outbox.failAll();
    expect(outbox.batchesInFlight).toBe(0);
    expect(outbox.take(10)!.fixes).toHaveLength(6);
  });

  it('drops the oldest fixes when full, and counts them', () => {
    const outbox = new Outbox(3);
    for (let s = 0; s < 5; s++) outbox.push(fix(s));
    expect(outbox.dropped).toBe(2);
    expect(outbox.take()!.fixes[0]!.fixTime).toBe(fix(2).fixTime);
  });
});
