// One simulated officer and their device: moves (patrol), takes GPS fixes, buffers them and
// uploads them in batches that leave the buffer only when acked, goes offline in dead zones and
// backfills on reconnect, drains a battery, and handles dispatched tasks like a person would:
// acknowledges after a while, rides or walks there along the streets, arrives, resolves.
import { setTimeout as sleep } from 'node:timers/promises';
import { haversineMetres, type LonLat, type Task, type TaskAction, type TaskActionBody } from '@fcc/shared';
import type { SimDevice } from './fleet-setup';
import { Battery, GpsReceiver } from './gps';
import { Outbox, type Batch } from './outbox';
import { Patrol, type Mobility, type Motion } from './patrol';
import type { Random } from './random';
import { ServerApi, ServerRejection } from './server-api';
import type { FleetStats } from './stats';
import type { StreetRouter } from './street-router';
import { HttpUplink, OsmandUplink, RetryLater, SocketUplink, type Uplink, type UplinkEvents } from './uplink';
import { NO_VIDEO, type VideoDevice, type VideoDeviceFactory } from './video';

/** What this officer does in this run: the options and scenarios, resolved for them. */
export interface OfficerPlan {
  mobility: Mobility;
  uplink: 'socket' | 'http' | 'osmand';
  battery: { startPercent: number; drainPerHour: number };
  deadZones: { fromSeconds: number; toSeconds: number }[];
  deadZoneAreas: { centre: LonLat; radiusMetres: number }[];
  sosAtSeconds: number | null;
  fixIntervalSeconds: number;
  uploadIntervalSeconds: number;
  ackDelaySeconds: [number, number];
  sceneSeconds: [number, number];
  declineShare: number;
}

export interface OfficerContext {
  server: string;
  osmandUrl: string;
  router: StreetRouter;
  stats: FleetStats;
  log(line: string): void;
  /** The server refused this device for good; it has stopped. */
  refused(officer: SimulatedOfficer, error: ServerRejection): void;
  /** The body camera of officers that have one. */
  video?: VideoDeviceFactory;
}

/** Batches in flight at once per device: one being stored while the next goes out. */
const MAX_IN_FLIGHT = 2;

type Phase = 'acknowledging' | 'travelling' | 'arriving' | 'on-scene';

class Abandoned extends Error {}

export class SimulatedOfficer {
  readonly label: string;
  readonly outbox = new Outbox();
  private readonly patrol: Patrol;
  private readonly gps: GpsReceiver;
  private readonly battery: Battery;
  private readonly uplink: Uplink;
  private readonly api: ServerApi;
  private readonly video: VideoDevice;
  private readonly abort = new AbortController();
  private nextFixAt = 0;
  private nextUploadAt = 0;
  private wantOnline = false;
  private isConnected = false;
  private dead = false;
  private stopped = false;
  private sosSent = false;
  private motion: Motion;
  /** Decisions taken, by task and dispatch time: a reopened task is a new decision. */
  private readonly decided = new Set<string>();
  private readonly queue: Task[] = [];
  private current: { task: Task; phase: Phase; generation: number } | null = null;
  private generation = 0;

  constructor(
    readonly device: SimDevice,
    private readonly plan: OfficerPlan,
    private readonly random: Random,
    private readonly context: OfficerContext,
  ) {
    this.label = device.officer ? `${device.officer.name} (${device.officer.badgeNo})` : device.uniqueId;
    this.patrol = new Patrol(context.router, random, plan.mobility);
    this.gps = new GpsReceiver(random);
    this.battery = new Battery(plan.battery.startPercent, plan.battery.drainPerHour);
    this.api = new ServerApi(context.server, device.token);
    this.video = context.video?.(device) ?? NO_VIDEO;
    this.motion = { position: this.patrol.current, speed: 0, heading: 0 };
    const events: UplinkEvents = {
      connected: () => this.onConnected(),
      disconnected: () => this.onDisconnected(),
      refused: (error) => this.refuse(error),
      tasks: (tasks) => tasks.forEach((task) => this.consider(task)),
      task: (change) => this.consider(change.task),
      streamStart: (request) => this.video.streamRequested(request),
      streamStop: (request) => this.video.stopRequested(request),
      talkbackStarted: (talkback) => this.video.talkbackStarted(talkback),
      talkbackEnded: (talkback) => this.video.talkbackEnded(talkback),
    };
    this.uplink =
      plan.uplink === 'socket'
        ? new SocketUplink(context.server, device.token, events)
        : plan.uplink === 'http'
          ? new HttpUplink(this.api, events)
          : new OsmandUplink(context.osmandUrl, device.uniqueId, events);
  }

  get position(): LonLat {
    return this.motion.position;
  }

  get batteryDead(): boolean {
    return this.dead;
  }

  get active(): boolean {
    return !this.stopped && !this.dead;
  }

  /** Starts the device; its first fix is due within one interval (devices do not tick in step). */
  start(now: number): void {
    this.nextFixAt = now + this.random.between(0, this.plan.fixIntervalSeconds * 1000);
    this.nextUploadAt = this.nextFixAt + this.plan.uploadIntervalSeconds * 1000;
    this.setOnline(true, 0);
  }

  /** Advances the officer to `now`; `elapsedSeconds` since the run started, for scenarios. */
  tick(now: number, dtSeconds: number, elapsedSeconds: number): void {
    if (!this.active) return;
    this.motion = this.patrol.advance(dtSeconds);
    this.battery.drain(dtSeconds);
    if (this.battery.dead) return this.die();

    this.setOnline(!this.inDeadZone(elapsedSeconds), elapsedSeconds);

    if (now >= this.nextFixAt) {
      this.outbox.push(this.gps.fix(this.motion, new Date(now), this.battery.percent));
      this.context.stats.fixesTaken++;
      this.nextFixAt += this.plan.fixIntervalSeconds * 1000;
      // A stalled event loop must not make the device fire a burst of fixes to catch up.
      if (this.nextFixAt < now) this.nextFixAt = now + this.plan.fixIntervalSeconds * 1000;
    }
    if (this.isConnected && now >= this.nextUploadAt) {
      this.nextUploadAt = now + this.plan.uploadIntervalSeconds * 1000;
      this.flush();
    }
    if (this.current?.phase === 'travelling' && this.patrol.atTaskLocation) void this.arrive(this.current);
    if (this.plan.sosAtSeconds !== null && !this.sosSent && elapsedSeconds >= this.plan.sosAtSeconds)
      void this.sendSos();
  }

  /** Stops moving and taking fixes; uploads what is buffered (up to `flushMs`), then disconnects. */
  async stop(flushMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    const deadline = Date.now() + flushMs;
    while (!this.dead && this.isConnected && this.outbox.size > 0 && Date.now() < deadline) {
      this.flush();
      await sleep(100);
    }
    await this.video.switchOff('shutdown');
    this.uplink.close();
    if (this.isConnected) this.onDisconnected();
  }

  private inDeadZone(elapsedSeconds: number): boolean {
    return (
      this.plan.deadZones.some((z) => elapsedSeconds >= z.fromSeconds && elapsedSeconds < z.toSeconds) ||
      this.plan.deadZoneAreas.some((a) => haversineMetres(a.centre, this.motion.position) <= a.radiusMetres)
    );
  }

  private setOnline(online: boolean, elapsedSeconds: number): void {
    if (online === this.wantOnline) return;
    this.wantOnline = online;
    if (online) {
      if (elapsedSeconds > 0)
        this.context.log(`${this.label}: 4G back, uploading ${this.outbox.size} buffered fixes`);
      this.uplink.online();
    } else {
      this.context.log(`${this.label}: no 4G (dead zone); fixes are buffered on the device`);
      this.uplink.offline();
    }
  }

  private onConnected(): void {
    if (this.isConnected) return;
    this.isConnected = true;
    this.context.stats.connected++;
    // Backfill soon, but not every device on the same tick: they would stay in step for good.
    this.nextUploadAt =
      Date.now() + this.random.between(0, Math.min(1, this.plan.uploadIntervalSeconds)) * 1000;
    this.video.connected();
  }

  private onDisconnected(): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    this.context.stats.connected--;
    this.outbox.failAll();
    this.video.disconnected();
  }

  private flush(): void {
    while (this.outbox.waiting > 0 && this.outbox.batchesInFlight < MAX_IN_FLIGHT) {
      const batch = this.outbox.take();
      if (!batch) return;
      this.context.stats.fixesSent += batch.fixes.length;
      this.uplink.send(batch).then(
        (ack) => {
          this.outbox.acked(batch);
          const stats = this.context.stats;
          stats.fixesAcked += ack.stored + ack.duplicates;
          stats.outliers += ack.outliers;
          stats.fixesRejected += ack.rejected.length;
          if (ack.rejected.length > 0)
            this.context.log(
              `${this.label}: ${ack.rejected.length} fix(es) rejected: ${ack.rejected[0]!.reason}`,
            );
        },
        (error: unknown) => this.batchFailed(batch, error),
      );
    }
  }

  private batchFailed(batch: Batch, error: unknown): void {
    this.outbox.failed(batch);
    if (error instanceof ServerRejection) return this.refuse(error);
    this.context.stats.batchesRetried++;
    const after = error instanceof RetryLater ? error.afterSeconds : 2;
    this.nextUploadAt = Date.now() + after * 1000;
  }

  private refuse(error: ServerRejection): void {
    if (this.stopped) return;
    this.context.log(`${this.label}: refused by the server: ${error.message}`);
    void this.stop(0);
    this.context.refused(this, error);
  }

  private die(): void {
    this.dead = true;
    this.context.stats.devicesDead++;
    this.context.log(
      `${this.label}: battery empty, the device switched off (${this.outbox.size} fixes left on it unsent)`,
    );
    this.abort.abort();
    void this.video.switchOff('battery');
    this.uplink.close();
    this.onDisconnected();
  }

  // ── SOS ──────────────────────────────────────────────────────────────────────────────────────

  private async sendSos(): Promise<void> {
    this.sosSent = true;
    this.patrol.hold(120);
    const [lon, lat] = this.motion.position;
    try {
      const { taskId } = await this.withRetries(() =>
        this.api.sos({ location: { lat, lon }, note: 'simulated SOS (device-sim scenario)' }),
      );
      this.context.stats.sosSent++;
      this.context.log(`${this.label}: SOS sent${taskId ? `, urgent task ${taskId}` : ''}`);
    } catch (error) {
      if (!(error instanceof Abandoned)) throw error;
    }
  }

  // ── Tasks ────────────────────────────────────────────────────────────────────────────────────

  private consider(task: Task): void {
    if (!this.active || !this.device.officer) return;
    const mine = task.assignees.find((a) => a.officerId === this.device.officer?.id);
    const current = this.current;
    if (current?.task.id === task.id) {
      const gone = !mine || ['created', 'closed', 'cancelled'].includes(task.state);
      const reopened = task.state === 'dispatched' && current.phase !== 'acknowledging';
      if (!gone && !reopened) return;
      this.context.stats.tasksAbandoned++;
      this.context.log(
        `${this.label}: task ${task.code} is now ${task.state}${mine ? '' : ' elsewhere'}; dropped`,
      );
      this.endTask();
    }
    const queued = this.queue.findIndex((t) => t.id === task.id);
    if (queued >= 0) this.queue.splice(queued, 1);
    if (!mine) return this.startNext();

    if (task.state === 'dispatched') {
      const key = `${task.id}:${mine.assignedAt}`;
      if (this.decided.has(key)) return this.startNext();
      this.decided.add(key);
      this.context.stats.tasksReceived++;
      if (this.random.chance(this.plan.declineShare)) {
        this.context.stats.tasksDeclined++;
        this.context.log(`${this.label}: leaves task ${task.code} unanswered (to exercise escalation)`);
        return this.startNext();
      }
      this.queue.push(task);
    } else if (['acknowledged', 'en_route', 'on_scene'].includes(task.state)) {
      // Already under way (the device reconnected or the simulator restarted): carry on.
      if (this.current?.task.id !== task.id) this.queue.push(task);
    }
    this.startNext();
  }

  private startNext(): void {
    if (this.current || !this.active) return;
    const task = this.queue.shift();
    if (!task) return;
    const current = { task, phase: 'acknowledging' as Phase, generation: ++this.generation };
    this.current = current;
    void this.runTask(current).catch((error: unknown) => {
      if (error instanceof Abandoned || this.abort.signal.aborted) return;
      this.context.log(`${this.label}: task ${task.code} failed: ${(error as Error).message}`);
      if (this.current === current) this.endTask();
    });
  }

  private async runTask(current: NonNullable<SimulatedOfficer['current']>): Promise<void> {
    const { task } = current;
    if (task.state === 'on_scene') return this.onScene(current);
    if (task.state === 'dispatched') {
      await this.pause(this.plan.ackDelaySeconds, current);
      await this.step(current, 'acknowledge');
      this.context.stats.tasksAcknowledged++;
      this.context.log(`${this.label}: acknowledged ${task.code} (${task.category}, ${task.priority})`);
    }
    if (task.state !== 'en_route') {
      await this.pause([1, 3], current);
      await this.step(current, 'en-route');
    }
    this.patrol.goTo([task.location.lon, task.location.lat]);
    current.phase = 'travelling';
  }

  private async arrive(current: NonNullable<SimulatedOfficer['current']>): Promise<void> {
    current.phase = 'arriving';
    try {
      await this.step(current, 'arrive');
      await this.onScene(current);
    } catch (error) {
      if (error instanceof Abandoned || this.abort.signal.aborted) return;
      this.context.log(`${this.label}: task ${current.task.code} failed: ${(error as Error).message}`);
      if (this.current === current) this.endTask();
    }
  }

  private async onScene(current: NonNullable<SimulatedOfficer['current']>): Promise<void> {
    current.phase = 'on-scene';
    await this.pause(this.plan.sceneSeconds, current);
    await this.step(current, 'resolve', {
      note: `Handled on scene by ${this.device.officer?.name ?? this.device.uniqueId} (simulated).`,
    });
    this.context.stats.tasksResolved++;
    this.context.log(`${this.label}: resolved ${current.task.code}`);
    this.endTask();
  }

  private endTask(): void {
    this.current = null;
    this.patrol.resumePatrol();
    this.startNext();
  }

  private async pause([min, max]: [number, number], current: { generation: number }): Promise<void> {
    await sleep(this.random.between(min, max) * 1000, undefined, { signal: this.abort.signal });
    if (this.current?.generation !== current.generation) throw new Abandoned();
  }

  private async step(
    current: NonNullable<SimulatedOfficer['current']>,
    action: TaskAction,
    body: TaskActionBody = {},
  ): Promise<void> {
    try {
      current.task = await this.withRetries(() => this.api.taskStep(current.task.id, action, body));
    } catch (error) {
      if (error instanceof ServerRejection && (error.status === 409 || error.status === 404)) {
        // The task moved on meanwhile (reassigned, cancelled): what a person would see too.
        this.context.stats.tasksAbandoned++;
        this.context.log(`${this.label}: ${action} refused (${error.message}); task dropped`);
        if (this.current === current) this.endTask();
        throw new Abandoned();
      }
      throw error;
    }
    if (this.current?.generation !== current.generation) throw new Abandoned();
  }

  /** A request from the device: waits out dead zones, retries network failures, refuses on 4xx. */
  private async withRetries<T>(request: () => Promise<T>): Promise<T> {
    for (;;) {
      if (!this.active) throw new Abandoned();
      if (this.wantOnline) {
        try {
          return await request();
        } catch (error) {
          if (error instanceof ServerRejection) {
            if (error.status === 429 || error.status >= 500) {
              // the server asks for patience
            } else if (error.status === 409 || error.status === 404) {
              throw error;
            } else {
              this.refuse(error);
              throw new Abandoned();
            }
          }
        }
      }
      await sleep(2000, undefined, { signal: this.abort.signal }).catch(() => {
        throw new Abandoned();
      });
    }
  }
}
