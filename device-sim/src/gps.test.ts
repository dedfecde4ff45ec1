import { describe, expect, it } from 'vitest';
import { haversineMetres } from '@fcc/shared';
import { Battery, GpsReceiver } from './gps';
import { seededRandom } from './random';

describe('GpsReceiver', () => {
  it('reports within a few metres of the truth, with an accuracy that covers most of the error', () => {
    const gps = new GpsReceiver(seededRandom(3));
    const truth: [number, number] = [111.67, 40.82];
    let covered = 0;
    const errors: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const fix = gps.fix({ position: truth, speed: 1.4, heading: 90 }, new Date(i * 1000), 80);
      const error = haversineMetres(truth, [fix.lon, fix.lat]);
      errors.push(error);
      if (error <= fix.accuracy!) covered++;
    }
    errors.sort((a, b) => a - b);
    expect(errors[1000]).toBeGreaterThan(1);
    expect(errors[1000]).toBeLessThan(10);
    expect(covered / 2000).toBeGreaterThan(0.9);
  });
});

describe('Battery', () => {
  it('drains by the hour and is dead at zero, never below', () => {
    const battery = new Battery(4, 120);
    battery.drain(60);
    expect(battery.percent).toBeCloseTo(2, 5);
    expect(battery.dead).toBe(false);
    battery.drain(600);
    expect(battery.percent).toBe(0);
    expect(battery.dead).toBe(true);
  });
});
