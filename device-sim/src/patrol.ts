// How one officer moves: patrols from street node to street node at walking or motorbike speed,
// stops a while at each "scene", and on a task goes to its location along the streets.
import { haversineMetres, type LonLat } from '@fcc/shared';
import type { Random } from './random';
import type { StreetRouter } from './street-router';

export type Mobility = 'foot' | 'motorbike';

/** Speeds in m/s: a brisk walk; a patrol motorbike in town traffic. */
export const SPEEDS: Record<Mobility, [min: number, max: number]> = {
  foot: [1.2, 1.6],
  motorbike: [8, 12],
};
/** How long a patrol stops at a scene on the way, in seconds. */
const PATROL_STOP_SECONDS: Record<Mobility, [number, number]> = { foot: [20, 120], motorbike: [10, 60] };

export interface Motion {
  position: LonLat;
  /** m/s; 0 while stopped. */
  speed: number;
  /** Degrees from north, of the last movement. */
  heading: number;
}

/** A polyline with its cumulative length, walked by distance. */
class Leg {
  private readonly cumulative: number[] = [0];

  constructor(readonly points: readonly LonLat[]) {
    for (let i = 1; i < points.length; i++) {
      this.cumulative.push(this.cumulative[i - 1]! + haversineMetres(points[i - 1]!, points[i]!));
    }
  }

  get length(): number {
    return this.cumulative[this.cumulative.length - 1]!;
  }

  at(distance: number): { position: LonLat; heading: number | null } {
    const d = Math.min(Math.max(distance, 0), this.length);
    let i = 1;
    while (i < this.points.length - 1 && this.cumulative[i]! < d) i++;
    const [a, b] = [this.points[i - 1]!, this.points[i] ?? this.points[i - 1]!];
    const span = this.cumulative[i]! - this.cumulative[i - 1]!;
    const t = span > 0 ? (d - this.cumulative[i - 1]!) / span : 1;
    const position: LonLat = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    return { position, heading: span > 0 ? bearing(a, b) : null };
  }
}

export class Patrol {
  private position: LonLat;
  private heading = 0;
  private leg: Leg | null = null;
  private travelled = 0;
  private speed: number;
  private stopLeft: number;
  private target: 'patrol' | 'task' = 'patrol';
  private onScene = false;

  constructor(
    private readonly router: StreetRouter,
    private readonly random: Random,
    readonly mobility: Mobility,
    startNode?: number,
  ) {
    const nodes = router.connectedNodes();
    this.position = router.node(startNode ?? random.pick(nodes));
    this.speed = random.between(...SPEEDS[mobility]);
    // Officers do not all set off at the same moment.
    this.stopLeft = random.between(0, 15);
  }

  get current(): LonLat {
    return this.position;
  }

  /** True once a task location is reached, until `resumePatrol`. */
  get atTaskLocation(): boolean {
    return this.onScene;
  }

  /** Leave the patrol and go to a task's location along the streets. */
  goTo(location: LonLat): void {
    const from = this.router.nearestNode(this.position);
    const to = this.router.nearestNode(location);
    const route = this.router.route(from, to) ?? [];
    this.startLeg([this.position, ...route, location], 'task');
    this.onScene = false;
  }

  /** Stand still for a while (an SOS, a conversation); a task's route is kept. */
  hold(seconds: number): void {
    this.stopLeft = Math.max(this.stopLeft, seconds);
  }

  resumePatrol(): void {
    this.target = 'patrol';
    this.onScene = false;
    this.leg = null;
    this.stopLeft = this.random.between(5, 20);
  }

  /** Moves the officer on by `seconds` of time; returns where they are now. */
  advance(seconds: number): Motion {
    let left = seconds;
    let moved = false;
    while (left > 1e-9) {
      if (this.onScene) break;
      if (this.stopLeft > 0) {
        const wait = Math.min(this.stopLeft, left);
        this.stopLeft -= wait;
        left -= wait;
        continue;
      }
      if (!this.leg) {
        this.planPatrolLeg();
        if (!this.leg) break;
      }
      const leg: Leg = this.leg;
      const step = Math.min(this.speed * left, leg.length - this.travelled);
      this.travelled += step;
      left -= step / this.speed;
      const { position, heading } = leg.at(this.travelled);
      this.position = position;
      if (heading !== null) this.heading = heading;
      moved ||= step > 0;
      if (this.travelled >= leg.length - 1e-6) this.finishLeg();
    }
    return { position: this.position, speed: moved ? this.speed : 0, heading: this.heading };
  }

  private planPatrolLeg(): void {
    const from = this.router.nearestNode(this.position);
    const nodes = this.router.connectedNodes();
    for (let attempt = 0; attempt < 10; attempt++) {
      const route = this.router.route(from, this.random.pick(nodes));
      if (route && route.length > 1) return this.startLeg([this.position, ...route], 'patrol');
    }
    this.stopLeft = 30; // nowhere to go from here: wait, then try again
  }

  private startLeg(points: LonLat[], target: 'patrol' | 'task'): void {
    this.leg = new Leg(points);
    this.travelled = 0;
    this.target = target;
    this.stopLeft = 0;
    this.speed = this.random.between(...SPEEDS[this.mobility]);
  }

  private finishLeg(): void {
    this.leg = null;
    if (this.target === 'task') {
      this.onScene = true;
      return;
    }
    this.stopLeft = this.random.between(...PATROL_STOP_SECONDS[this.mobility]);
  }
}

function bearing(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const y = Math.sin((b[0] - a[0]) * rad) * Math.cos(b[1] * rad);
  const x =
    Math.cos(a[1] * rad) * Math.sin(b[1] * rad) -
    Math.sin(a[1] * rad) * Math.cos(b[1] * rad) * Math.cos((b[0] - a[0]) * rad);
  return (((Math.atan2(y, x) / rad) % 360) + 360) % 360;
}
