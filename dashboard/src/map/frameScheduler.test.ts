import { describe, expect, it, vi } from 'vitest';
import { createFrameScheduler } from './frameScheduler';

function fakeFrames() {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  return {
    request: (callback: () => void) => {
      callbacks.set(next, callback);
      return next++;
    },
    cancel: (handle: number) => callbacks.delete(handle),
    runFrame: () => {
      const pending = [...callbacks.values()];
      callbacks.clear();
      for (const callback of pending) callback();
    },
  };
}

describe('frame scheduler', () => {
  it('flushes once per frame however many changes were requested', () => {
    const frames = fakeFrames();
    const flush = vi.fn();
    const scheduler = createFrameScheduler(flush, frames.request, frames.cancel);
    for (let i = 0; i < 1000; i++) scheduler.request();
    frames.runFrame();
    expect(flush).toHaveBeenCalledTimes(1);
    frames.runFrame();
    expect(flush).toHaveBeenCalledTimes(1);
    scheduler.request();
    frames.runFrame();
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it('does not flush after being cancelled', () => {
    const frames = fakeFrames();
    const flush = vi.fn();
    const scheduler = createFrameScheduler(flush, frames.request, frames.cancel);
    scheduler.request();
    scheduler.cancel();
    frames.runFrame();
    expect(flush).not.toHaveBeenCalled();
  });
});
