// The fleet: every officer's plan resolved from the options and scenarios, one clock that moves
// them all (thousands fit in one process), the live summary, and an orderly stop that uploads
// what the devices still hold before disconnecting.
import type { StreetCollection, LonLat } from '@fcc/shared';
import { streetGraph } from '@fcc/shared';
import type { SimDevice } from './fleet-setup';
import { SimulatedOfficer, type OfficerContext, type OfficerPlan } from './officer';
import { UsageError, type Scenario, type SimOptions } from './options';
import { seededRandom } from './random';
import type { ServerRejection } from './server-api';
import { FleetStats } from './stats';
import { StreetRouter } from './street-router';
import type { Terminal } from './terminal';
import type { VideoDeviceFactory } from './video';

export function routerFromStreets(streets: StreetCollection): StreetRouter {
  const lines = streets.features.map((feature) => ({
    coordinates: feature.geometry.coordinates as LonLat[],
  }));
  if (lines.length === 0)
    throw new Error('the server has no streets: the simulator needs the town map to move on');
  const points = lines.flatMap((line) => line.coordinates);
  const bounds = [
    Math.min(...points.map((p) => p[0])),
    Math.min(...points.map((p) => p[1])),
    Math.max(...points.map((p) => p[0])),
    Math.max(...points.map((p) => p[1])),
  ] as const;
  return new StreetRouter(streetGraph({ bounds, streets: lines }));
}

/** The officer a scenario names: a badge number, a device unique id or a name. */
export function findDevice(devices: readonly SimDevice[], who: string): SimDevice {
  const found = devices.find(
    (d) => d.officer?.badgeNo === who || d.uniqueId === who || d.officer?.name === who,
  );
  if (!found) {
    const some = devices
      .slice(0, 5)
      .map((d) => d.officer?.badgeNo ?? d.uniqueId)
      .join(', ');
    throw new UsageError(`no simulated officer "${who}" (badge number, device id or name; e.g. ${some})`);
  }
  return found;
}

export function planOfficers(
  options: SimOptions,
  devices: readonly SimDevice[],
): Map<SimDevice, OfficerPlan> {
  const plans = new Map<SimDevice, OfficerPlan>();
  devices.forEach((device, index) => {
    const random = seededRandom(options.seed, `plan:${device.uniqueId}`);
    plans.set(device, {
      mobility: options.mobility === 'mixed' ? (index % 4 === 3 ? 'motorbike' : 'foot') : options.mobility,
      uplink: options.transport,
      battery: { startPercent: random.between(55, 100), drainPerHour: random.between(5, 9) },
      deadZones: [],
      deadZoneAreas: [],
      sosAtSeconds: null,
      fixIntervalSeconds: options.fixIntervalSeconds,
      uploadIntervalSeconds: options.uploadIntervalSeconds,
      ackDelaySeconds: options.ackDelaySeconds,
      sceneSeconds: options.sceneSeconds,
      declineShare: options.declineShare,
    });
  });
  const last = devices[devices.length - 1];
  const planOf = (who: string | null) => {
    const device = who ? findDevice(devices, who) : last;
    return device && plans.get(device)!;
  };
  for (const scenario of options.scenarios) applyScenario(scenario, [...plans.values()], planOf);
  return plans;
}

function applyScenario(
  scenario: Scenario,
  all: OfficerPlan[],
  planOf: (who: string | null) => OfficerPlan | undefined,
): void {
  switch (scenario.kind) {
    case 'sos':
      planOf(scenario.officer)!.sosAtSeconds = scenario.atSeconds;
      return;
    case 'dead-zone': {
      const targets = scenario.officers === 'all' ? all : scenario.officers.map((who) => planOf(who)!);
      for (const plan of targets)
        plan.deadZones.push({ fromSeconds: scenario.fromSeconds, toSeconds: scenario.toSeconds });
      return;
    }
    case 'dead-zone-area':
      for (const plan of all)
        plan.deadZoneAreas.push({
          centre: [scenario.lon, scenario.lat],
          radiusMetres: scenario.radiusMetres,
        });
      return;
    case 'battery-dying': {
      // About two minutes left: the silence alert and the last known position get exercised.
      const plan = planOf(scenario.officer);
      if (plan) plan.battery = { startPercent: 4, drainPerHour: 120 };
      return;
    }
    case 'osmand': {
      const plan = planOf(scenario.officer);
      if (plan) plan.uplink = 'osmand';
      return;
    }
  }
}

export interface FleetRun {
  stats: FleetStats;
  officers: SimulatedOfficer[];
  /** Stops the run early (Ctrl-C); `done` then resolves. */
  stop(): void;
  done: Promise<FleetResult>;
}

export interface FleetResult {
  stats: FleetStats;
  /** Fixes the devices still held when the run ended (dead batteries excluded). */
  unsent: number;
  exitCode: 0 | 1;
}

/** Short enough to finish before `npm start` stops the server after us. */
const FLUSH_ON_STOP_MS = 5_000;
/** Connections opened per clock tick while starting, so thousands do not arrive at once. */
const STARTS_PER_TICK = 25;

export function runFleet(
  options: SimOptions,
  devices: readonly SimDevice[],
  router: StreetRouter,
  terminal: Terminal,
  /** Body cameras, given the run's stats and log (fleet-video.ts). */
  video?: (stats: FleetStats, log: (line: string) => void) => VideoDeviceFactory,
): FleetRun {
  const stats = new FleetStats();
  const log = (line: string) => terminal.log(line);
  const plans = planOfficers(options, devices);
  const context: OfficerContext = {
    server: options.server,
    osmandUrl: options.osmandUrl,
    router,
    stats,
    log,
    refused: (_officer: SimulatedOfficer, error: ServerRejection) => {
      stats.refusals.push(error.message);
      if (officers.every((o) => !o.active)) stop();
    },
    ...(video ? { video: video(stats, log) } : {}),
  };
  const officers = devices.map(
    (device) =>
      new SimulatedOfficer(device, plans.get(device)!, seededRandom(options.seed, device.uniqueId), context),
  );
  stats.officers = officers.length;

  const tickMs = Math.max(20, Math.min(250, (options.fixIntervalSeconds * 1000) / 2));
  const startedAt = Date.now();
  let last = startedAt;
  let lastStatus = 0;
  let started = 0;
  let stopping = false;
  let finish: (result: FleetResult) => void = () => {};
  const done = new Promise<FleetResult>((resolve) => (finish = resolve));

  const timer = setInterval(() => {
    const now = Date.now();
    const dt = (now - last) / 1000;
    last = now;
    const elapsed = (now - startedAt) / 1000;
    for (let i = 0; i < STARTS_PER_TICK && started < officers.length; i++) officers[started++]!.start(now);
    for (let i = 0; i < started; i++) officers[i]!.tick(now, dt, elapsed);
    if (now - lastStatus >= 1000) {
      lastStatus = now;
      stats.buffered = officers.reduce((sum, o) => sum + o.outbox.size, 0);
      stats.sampleRates(now);
      const progress =
        options.durationSeconds === null ? undefined : { elapsed, total: options.durationSeconds };
      terminal.status(stats.summary(), progress);
    }
    if (options.durationSeconds !== null && elapsed >= options.durationSeconds) stop();
  }, tickMs);

  function stop(): void {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    void (async () => {
      const holding = officers.filter((o) => o.active && o.outbox.size > 0).length;
      if (holding > 0) terminal.log(`stopping: uploading what ${holding} device(s) still hold…`);
      await Promise.all(officers.map((officer) => officer.stop(FLUSH_ON_STOP_MS)));
      stats.sampleRates();
      stats.buffered = officers.reduce((sum, o) => sum + o.outbox.size, 0);
      const deadHolding = officers.filter((o) => !o.active && o.outbox.size > 0 && isDead(o));
      const unsent = stats.buffered - deadHolding.reduce((sum, o) => sum + o.outbox.size, 0);
      finish({ stats, unsent, exitCode: stats.refusals.length > 0 || unsent > 0 ? 1 : 0 });
    })();
  }

  return { stats, officers, stop, done };
}

function isDead(officer: SimulatedOfficer): boolean {
  return officer.batteryDead;
}
