import { describe, expect, it } from 'vitest';
import {
  camerasAmong,
  howToEnd,
  initialCameraState,
  nextCameraState,
  wantsToPublish,
  type CameraEvent,
  type VideoMode,
} from './camera-policy';

const after = (mode: VideoMode, ...events: CameraEvent['type'][]) =>
  events.reduce(
    (state, type) =>
      nextCameraState(
        state,
        type === 'switched-off' ? { type, reason: 'battery' } : ({ type } as CameraEvent),
      ),
    initialCameraState(mode),
  );

describe('when a body camera publishes', () => {
  it('always mode publishes once online; on-request only once asked', () => {
    expect(wantsToPublish(after('always'))).toBe(false); // not connected yet
    expect(wantsToPublish(after('always', 'connected'))).toBe(true);
    expect(wantsToPublish(after('on-request', 'connected'))).toBe(false);
    expect(wantsToPublish(after('on-request', 'connected', 'stream-requested'))).toBe(true);
    // Asked while offline: publishes as soon as it is back.
    expect(wantsToPublish(after('on-request', 'stream-requested'))).toBe(false);
    expect(wantsToPublish(after('on-request', 'stream-requested', 'connected'))).toBe(true);
  });

  it('goes silent in a dead zone and resumes after it, what was asked still asked', () => {
    const offline = after('on-request', 'connected', 'stream-requested', 'disconnected');
    expect(wantsToPublish(offline)).toBe(false);
    expect(howToEnd(offline)).toBe('drop');
    expect(wantsToPublish(nextCameraState(offline, { type: 'connected' }))).toBe(true);
  });

  it('a stop from the server ends it, in either mode, until it is asked again', () => {
    const stopped = after('always', 'connected', 'stop-requested');
    expect(wantsToPublish(stopped)).toBe(false);
    expect(wantsToPublish(nextCameraState(stopped, { type: 'disconnected' }))).toBe(false);
    expect(wantsToPublish(after('always', 'connected', 'stop-requested', 'disconnected', 'connected'))).toBe(
      false,
    );
    expect(wantsToPublish(nextCameraState(stopped, { type: 'stream-requested' }))).toBe(true);
  });

  it('a dead battery or a refusal stops it for good; only the end of the run stops it cleanly', () => {
    const dead = after('always', 'connected', 'switched-off');
    expect(wantsToPublish(dead)).toBe(false);
    expect(howToEnd(dead)).toBe('drop');
    expect(wantsToPublish(nextCameraState(dead, { type: 'stream-requested' }))).toBe(false);
    expect(wantsToPublish(after('always', 'connected', 'refused', 'stream-requested'))).toBe(false);
    const shutdown = nextCameraState(after('always', 'connected'), {
      type: 'switched-off',
      reason: 'shutdown',
    });
    expect(howToEnd(shutdown)).toBe('stop');
    // The first reason stays: a device whose battery died is not "shut down cleanly" later.
    expect(nextCameraState(dead, { type: 'switched-off', reason: 'shutdown' }).off).toBe('battery');
  });

  it('spreads the cameras evenly over the fleet', () => {
    const officers = Array.from({ length: 16 }, (_, i) => i);
    expect(camerasAmong(officers, 4)).toEqual([0, 4, 8, 12]);
    expect(camerasAmong(officers, 1)).toEqual([0]);
    expect(camerasAmong(officers, 0)).toEqual([]);
    expect(camerasAmong([0, 1, 2], 5)).toEqual([0, 1, 2]);
    expect(new Set(camerasAmong(officers, 16)).size).toBe(16);
  });
});
