import { describe, expect, it } from 'vitest';
import { cameraStatusOf, compassPoint } from './cameraStatus';

const pull = (state: 'idle' | 'connecting' | 'pulling' | 'retrying', reason: string | null = null) => ({
  pull: { state, reason, streamId: null },
});

describe('cameraStatusOf', () => {
  it('tells a camera that failed from one nobody watches', () => {
    expect(cameraStatusOf(pull('pulling'))).toBe('live');
    expect(cameraStatusOf(pull('connecting'))).toBe('connecting');
    expect(cameraStatusOf(pull('retrying', 'Connection refused'))).toBe('retrying');
    expect(cameraStatusOf(pull('idle'))).toBe('idle');
    expect(cameraStatusOf(pull('idle', 'Connection refused'))).toBe('unreachable');
  });
});

describe('compassPoint', () => {
  it('names the nearest of eight directions, across north too', () => {
    expect([0, 44, 46, 90, 135, 180, 225, 270, 315, 337, 338, 359.9].map(compassPoint)).toEqual([
      'n',
      'ne',
      'ne',
      'e',
      'se',
      's',
      'sw',
      'w',
      'nw',
      'nw',
      'n',
      'n',
    ]);
    expect(compassPoint(-90)).toBe('w');
  });
});
