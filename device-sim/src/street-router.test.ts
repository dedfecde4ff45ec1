import { describe, expect, it } from 'vitest';
import { haversineMetres, streetGraph, type LonLat } from '@fcc/shared';
import { Patrol } from './patrol';
import { seededRandom } from './random';
import { StreetRouter } from './street-router';

// A 3×3 block town: streets every ~111 m (0.001° of latitude; 0.0013° of longitude at 40°N).
function gridTown(): StreetRouter {
  const streets: { coordinates: LonLat[] }[] = [];
  for (let i = 0; i <= 3; i++) {
    streets.push({
      coordinates: [
        [111, 40 + i * 0.001],
        [111.0039, 40 + i * 0.001],
      ],
    });
    streets.push({
      coordinates: [
        [111 + i * 0.0013, 40],
        [111 + i * 0.0013, 40.003],
      ],
    });
  }
  return new StreetRouter(streetGraph({ bounds: [111, 40, 111.0039, 40.003], streets }));
}

describe('StreetRouter', () => {
  it('finds the shortest path along the streets, corner to corner', () => {
    const router = gridTown();
    const from = router.nearestNode([111, 40]);
    const to = router.nearestNode([111.0039, 40.003]);
    const route = router.route(from, to)!;
    const length = route.slice(1).reduce((sum, p, i) => sum + haversineMetres(route[i]!, p), 0);
    // Manhattan distance: 3 blocks east + 3 north, never the diagonal.
    const east = haversineMetres([111, 40], [111.0039, 40]);
    const north = haversineMetres([111, 40], [111, 40.003]);
    expect(length).toBeCloseTo(east + north, 0);
  });

  it('answers null between parts of the network that do not meet', () => {
    const router = new StreetRouter(
      streetGraph({
        bounds: [111, 40, 111.01, 40.01],
        streets: [
          {
            coordinates: [
              [111, 40.002],
              [111.01, 40.002],
            ],
          },
          {
            coordinates: [
              [111, 40.008],
              [111.01, 40.008],
            ],
          },
        ],
      }),
    );
    expect(router.route(router.nearestNode([111, 40.002]), router.nearestNode([111, 40.008]))).toBeNull();
  });
});

describe('Patrol', () => {
  it('walks at walking speed and stays on the streets', () => {
    const router = gridTown();
    const patrol = new Patrol(router, seededRandom(1), 'foot');
    let previous = patrol.current;
    for (let t = 0; t < 600; t++) {
      const motion = patrol.advance(1);
      const moved = haversineMetres(previous, motion.position);
      expect(moved).toBeLessThanOrEqual(1.6 + 1e-6);
      previous = motion.position;
      // On a street: one coordinate sits on a grid line.
      const onEastWest = Math.abs(((motion.position[1] - 40) / 0.001) % 1) < 1e-6;
      const onNorthSouth = Math.abs(((motion.position[0] - 111) / 0.0013) % 1) < 1e-6;
      const nearLine = (x: number) => Math.min(x % 1, 1 - (x % 1)) < 1e-6;
      expect(
        onEastWest ||
          onNorthSouth ||
          nearLine((motion.position[1] - 40) / 0.001) ||
          nearLine((motion.position[0] - 111) / 0.0013),
      ).toBe(true);
    }
  });

  it('goes to a task location and says so on arrival', () => {
    const router = gridTown();
    const patrol = new Patrol(router, seededRandom(2), 'motorbike', router.nearestNode([111, 40]));
    const target: LonLat = [111.0039, 40.0025];
    patrol.goTo(target);
    let seconds = 0;
    while (!patrol.atTaskLocation && seconds < 300) seconds += (patrol.advance(1), 1);
    expect(patrol.atTaskLocation).toBe(true);
    expect(haversineMetres(patrol.current, target)).toBeLessThan(0.5);
    // About 700 m of streets at 8–12 m/s.
    expect(seconds).toBeGreaterThan(50);
    expect(seconds).toBeLessThan(100);
    expect(patrol.advance(5).speed).toBe(0); // it waits on scene
  });

  it('repeats itself with the same seed', () => {
    const run = () => {
      const patrol = new Patrol(gridTown(), seededRandom(7, 'x'), 'foot');
      for (let i = 0; i < 100; i++) patrol.advance(1);
      return patrol.current;
    };
    expect(run()).toEqual(run());
  });
});
