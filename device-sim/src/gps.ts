// What the device's receiver reports: the true position plus a slowly wandering error (urban
// multipath drifts rather than jumps), an accuracy estimate that matches it, and now and then a
// poor fix; and a battery that drains while GPS and 4G are on.
import { METRES_PER_DEGREE, type Fix, type LonLat } from '@fcc/shared';
import type { Motion } from './patrol';
import type { Random } from './random';

/** Typical horizontal error (1 σ per axis, metres) of a phone or bodycam in a town. */
const SIGMA_M = 4;
/** How much of the error survives from one fix to the next (the error drifts). */
const CORRELATION = 0.9;
const POOR_FIX_CHANCE = 0.01;

export class GpsReceiver {
  private errorEast = 0;
  private errorNorth = 0;

  constructor(private readonly random: Random) {}

  fix(motion: Motion, at: Date, battery: number): Fix {
    const keep = CORRELATION;
    const fresh = Math.sqrt(1 - keep * keep) * SIGMA_M;
    this.errorEast = keep * this.errorEast + fresh * this.random.gaussian();
    this.errorNorth = keep * this.errorNorth + fresh * this.random.gaussian();
    let [east, north] = [this.errorEast, this.errorNorth];
    let accuracy = Math.hypot(east, north) * 1.5 + this.random.between(2, 5);
    if (this.random.chance(POOR_FIX_CHANCE)) {
      // A reflection off a tall building: a worse fix, which the receiver knows is worse.
      east += this.random.gaussian() * 25;
      north += this.random.gaussian() * 25;
      accuracy = this.random.between(30, 60);
    }
    const [lon, lat] = offset(motion.position, east, north);
    return {
      fixTime: at.toISOString(),
      lat: round(lat, 7),
      lon: round(lon, 7),
      accuracy: round(accuracy, 1),
      speed: round(Math.max(0, motion.speed + (motion.speed > 0 ? this.random.gaussian() * 0.2 : 0)), 2),
      heading: round(motion.heading, 1),
      altitude: round(1050 + this.random.gaussian() * 3, 1),
      battery: Math.round(battery),
    };
  }
}

/** Battery in percent, drained per hour of use; dead at 0. */
export class Battery {
  constructor(
    private level: number,
    private readonly drainPerHour: number,
  ) {}

  get percent(): number {
    return this.level;
  }

  get dead(): boolean {
    return this.level <= 0;
  }

  drain(seconds: number): void {
    this.level = Math.max(0, this.level - (this.drainPerHour * seconds) / 3600);
  }
}

function offset([lon, lat]: LonLat, east: number, north: number): LonLat {
  const perLon = METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
  return [lon + east / perLon, lat + north / METRES_PER_DEGREE];
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
