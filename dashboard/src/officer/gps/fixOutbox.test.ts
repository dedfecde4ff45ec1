import type { Fix } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { FixOutbox, OUTBOX_CAPACITY, type OutboxStorage } from './fixOutbox';

const at = (seconds: number): Fix => ({
  fixTime: new Date(Date.UTC(2026, 10, 23, 8, 0, 0) + seconds * 1000).toISOString(),
  lat: 40.8,
  lon: 111.6,
});

function memoryStorage(initial: Fix[] = []): OutboxStorage & { saved: Fix[] } {
  const storage = {
    saved: initial,
    load: () => initial.slice(),
    // Kept by reference, not copied: the outbox saves after every change, and copying 20,000
    // fixes on each push made the capacity test quadratic (17 s on a loaded machine).
    save: (fixes: readonly Fix[]) => {
      storage.saved = fixes as Fix[];
    },
  };
  return storage;
}

describe('FixOutbox', () => {
  it('keeps fixes until the server has stored them, and saves what it keeps', () => {
    const storage = memoryStorage();
    const outbox = new FixOutbox(storage);
    for (let s = 0; s < 5; s++) outbox.push(at(s));
    const batch = outbox.peek(3);
    expect(batch.map((f) => f.fixTime)).toEqual([at(0), at(1), at(2)].map((f) => f.fixTime));
    // Not acknowledged yet: a second look sends the same fixes again.
    expect(outbox.peek(3)).toEqual(batch);
    outbox.stored(batch);
    expect(outbox.size).toBe(2);
    expect(storage.saved.map((f) => f.fixTime)).toEqual([at(3), at(4)].map((f) => f.fixTime));
  });

  it('starts from what the phone saved before a reload', () => {
    const outbox = new FixOutbox(memoryStorage([at(0), at(1)]));
    expect(outbox.size).toBe(2);
    outbox.push(at(2));
    expect(outbox.peek().length).toBe(3);
  });

  it('drops a fix repeating the newest one within a second', () => {
    const outbox = new FixOutbox(memoryStorage());
    expect(outbox.push(at(0))).toBe(true);
    expect(outbox.push(at(0))).toBe(false);
    expect(outbox.push(at(0.5))).toBe(false);
    expect(outbox.push(at(1))).toBe(true);
    expect(outbox.size).toBe(2);
  });

  it("keeps fixes after the phone's clock stepped back", () => {
    const outbox = new FixOutbox(memoryStorage());
    outbox.push(at(3600));
    expect(outbox.push(at(0))).toBe(true);
    expect(outbox.push(at(1))).toBe(true);
    expect(outbox.size).toBe(3);
  });

  it('keeps fixes that arrived while a batch was in flight', () => {
    const outbox = new FixOutbox(memoryStorage());
    outbox.push(at(0));
    outbox.push(at(1));
    const batch = outbox.peek();
    outbox.push(at(2));
    outbox.stored(batch);
    expect(outbox.peek().map((f) => f.fixTime)).toEqual([at(2).fixTime]);
  });

  it('drops the oldest fixes when full, and counts them', () => {
    const outbox = new FixOutbox(memoryStorage());
    for (let s = 0; s < OUTBOX_CAPACITY + 3; s++) outbox.push(at(s));
    expect(outbox.size).toBe(OUTBOX_CAPACITY);
    expect(outbox.dropped).toBe(3);
    expect(outbox.peek(1)[0]!.fixTime).toBe(at(3).fixTime);
  });
});
