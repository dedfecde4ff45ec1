// Relay worker threads (MEDIA_WORKERS): each new stream goes to the least-loaded worker, and its
// publisher and viewers stay there. A worker that dies takes only its own streams with it (the
// service ends them with the reason) and is started again.
//
// Threads, not processes: werift is plain JavaScript, so a worker thread gets its own core's worth
// of event loop; commands and packet batches cross by MessagePort (batches as transferred
// ArrayBuffers, not copied through a pipe), and one process is supervised rather than several.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { AppError } from '../../http/errors';
import type { FromWorker, RelayCall, RelayWorkerData, ToWorker, WorkerLoad } from './relay-protocol';
import type { RelayOptions, StreamCodecs } from './relay-stream';
import { RemoteRelay } from './remote-relay';
import type { RelayHost, RelayLoad } from './stream-relay';

/** A stream's own ingest plus about one viewer, in Mbit/s: what a new stream adds before it is measured. */
const NEW_STREAM_WEIGHT_MBPS = 3;
const WORKER_HEAP_MB = 1024;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

class RelayWorker {
  readonly relays = new Map<string, RemoteRelay>();
  private readonly pending = new Map<number, Pending>();
  private calls = 0;
  private worker: Worker;
  private readonly ready: Promise<void>;
  load: WorkerLoad = {
    streams: 0,
    viewers: 0,
    forwardedMbps: 0,
    eventLoopUtilization: 0,
    heapUsedMb: 0,
    cpuSeconds: null,
  };
  /** Streams given to this worker since its last report (not counted in load.streams yet). */
  assignedSinceBeat = 0;
  stopping = false;
  exited: Promise<number>;

  constructor(
    readonly index: number,
    data: RelayWorkerData,
    private readonly log: Logger,
    onDeath: (worker: RelayWorker, reason: string) => void,
  ) {
    this.worker = startWorker(data);
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
    });
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => log.error({ err: error, worker: index }, 'relay worker failed'));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        resolve(code);
        const reason = `the relay worker stopped unexpectedly (exit code ${code})`;
        for (const pending of this.pending.values())
          pending.reject(new AppError(503, `${reason}; try again.`));
        this.pending.clear();
        if (!this.stopping) onDeath(this, reason);
      });
    });
  }

  started(): Promise<void> {
    return this.ready;
  }

  send(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  call(streamId: string, call: RelayCall): Promise<unknown> {
    const id = ++this.calls;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'call', call: id, streamId, ...call });
    });
  }

  /** Weight for choosing a worker: measured forwarded Mbit/s plus what new streams will add. */
  get weight(): number {
    return this.load.forwardedMbps + NEW_STREAM_WEIGHT_MBPS * (this.load.streams + this.assignedSinceBeat);
  }

  async terminate(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }

  /** Ends the thread the way an uncaught error would: its streams fail and it is restarted. */
  async kill(): Promise<void> {
    await this.worker.terminate();
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'reply': {
        const pending = this.pending.get(message.call);
        if (!pending) return;
        this.pending.delete(message.call);
        if (message.ok) pending.resolve(message.result);
        else {
          pending.reject(
            message.status === null
              ? new Error(message.message)
              : new AppError(message.status, message.message),
          );
        }
        return;
      }
      case 'heartbeat':
        this.load = message.load;
        this.assignedSinceBeat = 0;
        for (const beat of message.streams) {
          this.relays.get(beat.streamId)?.beat(beat.lastPacketAt, beat.hasPublisher);
        }
        return;
      default:
        this.relays.get(message.streamId)?.deliver(message);
    }
  }
}

function startWorker(data: RelayWorkerData): Worker {
  const file = new URL('./relay-worker.ts', import.meta.url);
  const options = { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  if (!file.pathname.endsWith('.ts')) return new Worker(file, options);
  // Worker threads do not inherit the TypeScript loader: the worker registers tsx itself.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(file.href)}, ${JSON.stringify(file.href)}))`;
  return new Worker(boot, { ...options, eval: true });
}

export class RelayWorkers implements RelayHost {
  private readonly workers: RelayWorker[] = [];
  private readonly restarts: number[];
  private stopped = false;

  constructor(
    private readonly count: number,
    private readonly options: RelayOptions,
    private readonly heartbeatMs: number,
    private readonly logLevel: string,
    private readonly log: Logger,
  ) {
    this.restarts = Array.from({ length: count }, () => 0);
  }

  async start(): Promise<void> {
    for (let index = 0; index < this.count; index += 1) this.workers[index] = this.spawn(index);
    // Not awaited: loading a worker takes seconds on a busy machine, and what is posted to it
    // meanwhile waits in its port.
    void Promise.all(this.workers.map((worker) => worker.started())).then(
      () => this.log.info({ workers: this.count }, 'relay workers started'),
      (error: unknown) => this.log.error({ err: error }, 'a relay worker could not start'),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.workers.map((worker) => worker.terminate()));
  }

  open(id: string, codecs: StreamCodecs): RemoteRelay {
    const worker = this.workers.reduce((best, candidate) =>
      candidate.weight < best.weight ? candidate : best,
    );
    worker.assignedSinceBeat += 1;
    const relay = new RemoteRelay(id, codecs, {
      send: (message, transfer) => worker.send(message, transfer),
      call: (streamId, call) => worker.call(streamId, call),
      closed: (streamId) => worker.relays.delete(streamId),
    });
    worker.relays.set(id, relay);
    return relay;
  }

  load(): RelayLoad[] {
    return this.workers.map((worker) => ({
      worker: worker.index,
      ...worker.load,
      restarts: this.restarts[worker.index]!,
    }));
  }

  /** For tests: ends a worker as a crash would. */
  async crash(index: number): Promise<void> {
    const worker = this.workers[index];
    if (!worker) throw new Error(`no relay worker ${index}`);
    await worker.kill();
  }

  private spawn(index: number): RelayWorker {
    const data: RelayWorkerData = {
      worker: index,
      options: this.options,
      heartbeatMs: this.heartbeatMs,
      logLevel: this.logLevel,
    };
    return new RelayWorker(index, data, this.log, (dead, reason) => this.died(dead, reason));
  }

  private died(dead: RelayWorker, reason: string): void {
    this.log.error(
      { worker: dead.index, streams: dead.relays.size, reason },
      'relay worker died; restarting it',
    );
    for (const relay of [...dead.relays.values()]) relay.fail(reason);
    dead.relays.clear();
    if (this.stopped) return;
    this.restarts[dead.index]! += 1;
    const fresh = this.spawn(dead.index);
    this.workers[dead.index] = fresh;
    fresh
      .started()
      .catch((error: unknown) => this.log.error({ err: error }, 'relay worker could not restart'));
  }
}
