import { describe, expect, it } from 'vitest';
import { positionToFix } from './positionToFix';

const coords = {
  latitude: 40.81,
  longitude: 111.65,
  accuracy: 8,
  speed: null,
  heading: null,
  altitude: null,
};

describe('positionToFix', () => {
  it('takes the time of the reading and leaves out what the phone did not measure', () => {
    expect(positionToFix({ timestamp: Date.UTC(2026, 10, 23, 8), coords }, null)).toEqual({
      fixTime: '2026-11-23T08:00:00.000Z',
      lat: 40.81,
      lon: 111.65,
      accuracy: 8,
    });
  });

  it('drops readings outside what the server accepts (a NaN heading when standing still)', () => {
    const fix = positionToFix(
      { timestamp: 0, coords: { ...coords, heading: Number.NaN, speed: -1, altitude: 1200 } },
      57,
    );
    expect(fix).toMatchObject({ altitude: 1200, battery: 57 });
    expect(fix).not.toHaveProperty('heading');
    expect(fix).not.toHaveProperty('speed');
  });
});
