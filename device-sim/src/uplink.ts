// How a simulated device reaches the server: the `/device` socket (positions acked after commit,
// tasks pushed), HTTP batches, or the OsmAnd protocol as Traccar Client speaks it (one fix per
// request, answered 200 when stored). The officer decides when to go on- and offline.
import type {
  DeviceClientEvents,
  DeviceServerEvents,
  FixBatchAck,
  SocketError,
  StreamStartRequest,
  StreamStopRequest,
  TalkbackEnded,
  TalkbackStarted,
  Task,
  TaskChange,
} from '@fcc/shared';
import { io, type Socket } from 'socket.io-client';
import type { Batch } from './outbox';
import { ServerApi, ServerRejection } from './server-api';

/** An answer that did not come (timeout, connection lost): send the batch again. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly afterSeconds = 2,
  ) {
    super(message);
  }
}

export interface UplinkEvents {
  connected(): void;
  /** The connection dropped: batches in flight are not coming back. */
  disconnected(): void;
  /** The server refused the device for good (bad token): stop it. */
  refused(error: ServerRejection): void;
  tasks(tasks: Task[]): void;
  task(change: TaskChange): void;
  /** Media requests, pushed on the socket only: the other paths have no channel to the device. */
  streamStart(request: StreamStartRequest): void;
  streamStop(request: StreamStopRequest): void;
  talkbackStarted(talkback: TalkbackStarted): void;
  talkbackEnded(talkback: TalkbackEnded): void;
}

export interface Uplink {
  readonly name: 'socket' | 'http' | 'osmand';
  readonly connected: boolean;
  /** Whether the server pushes tasks on this path. */
  readonly receivesTasks: boolean;
  online(): void;
  offline(): void;
  /** Resolves with the server's ack; rejects with RetryLater or a ServerRejection. */
  send(batch: Batch): Promise<FixBatchAck>;
  close(): void;
}

const ACK_TIMEOUT_MS = 10_000;

export class SocketUplink implements Uplink {
  readonly name = 'socket';
  readonly receivesTasks = true;
  private readonly socket: Socket<DeviceServerEvents, DeviceClientEvents>;

  constructor(server: string, token: string, events: UplinkEvents) {
    this.socket = io(`${server}/device`, {
      auth: { token },
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    });
    this.socket.on('connect', () => events.connected());
    this.socket.on('disconnect', () => events.disconnected());
    this.socket.on('connect_error', (error) => {
      // Refused by the namespace's auth check: socket.io does not retry that, and neither do we.
      if (!this.socket.active) events.refused(new ServerRejection(401, error.message, 'socket /device'));
    });
    this.socket.on('tasks', (tasks) => events.tasks(tasks));
    this.socket.on('task', (change) => events.task(change));
    this.socket.on('stream:start', (request) => events.streamStart(request));
    this.socket.on('stream:stop', (request) => events.streamStop(request));
    this.socket.on('talkback:started', (talkback) => events.talkbackStarted(talkback));
    this.socket.on('talkback:ended', (talkback) => events.talkbackEnded(talkback));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  online(): void {
    if (!this.socket.active) this.socket.connect();
  }

  offline(): void {
    this.socket.disconnect();
  }

  async send(batch: Batch): Promise<FixBatchAck> {
    let answer: FixBatchAck | SocketError;
    try {
      answer = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('positions', { fixes: batch.fixes });
    } catch {
      throw new RetryLater('no ack within 10 s');
    }
    if ('error' in answer) throw rejectionOrRetry(answer.error.statusCode, answer.error.message, 'positions');
    return answer;
  }

  close(): void {
    this.socket.disconnect();
    this.socket.removeAllListeners();
  }
}

/**
 * An uplink without a connection of its own (plain HTTP requests): "connected" is what the
 * simulated network says, switched by online()/offline().
 */
abstract class RequestUplink implements Uplink {
  abstract readonly name: Uplink['name'];
  readonly receivesTasks = false;
  private up = false;

  constructor(private readonly events: UplinkEvents) {}

  get connected(): boolean {
    return this.up;
  }

  online(): void {
    if (this.up) return;
    this.up = true;
    this.events.connected();
  }

  offline(): void {
    if (!this.up) return;
    this.up = false;
    this.events.disconnected();
  }

  abstract send(batch: Batch): Promise<FixBatchAck>;

  close(): void {
    this.up = false;
  }
}

/** HTTP batches: no push channel, so no tasks; the load generator's lighter path. */
export class HttpUplink extends RequestUplink {
  readonly name = 'http';

  constructor(
    private readonly api: ServerApi,
    events: UplinkEvents,
  ) {
    super(events);
  }

  async send(batch: Batch): Promise<FixBatchAck> {
    try {
      return await this.api.sendPositions({ fixes: batch.fixes });
    } catch (error) {
      throw retryUnlessRefused(error);
    }
  }
}

const METRES_PER_SECOND_TO_KNOTS = 3600 / 1852;

/** Traccar Client's way: POST /?id=…&lat=…&lon=…&timestamp=…&speed=<knots>…, one fix at a time. */
export class OsmandUplink extends RequestUplink {
  readonly name = 'osmand';

  constructor(
    private readonly osmandUrl: string,
    private readonly uniqueId: string,
    events: UplinkEvents,
  ) {
    super(events);
  }

  async send(batch: Batch): Promise<FixBatchAck> {
    const ack: FixBatchAck = { stored: 0, duplicates: 0, outliers: 0, rejected: [] };
    for (const [index, fix] of batch.fixes.entries()) {
      const url = new URL(this.osmandUrl);
      const params: Record<string, string | number | undefined> = {
        id: this.uniqueId,
        lat: fix.lat,
        lon: fix.lon,
        // Milliseconds (the listener takes s or ms): two fixes in one second stay two fixes.
        timestamp: Date.parse(fix.fixTime),
        speed: fix.speed === undefined ? undefined : round(fix.speed * METRES_PER_SECOND_TO_KNOTS),
        bearing: fix.heading,
        altitude: fix.altitude,
        accuracy: fix.accuracy,
        batt: fix.battery,
      };
      for (const [key, value] of Object.entries(params))
        if (value !== undefined) url.searchParams.set(key, String(value));
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(ACK_TIMEOUT_MS) });
      } catch {
        throw new RetryLater('the OsmAnd listener did not answer');
      }
      const text = await response.text();
      if (response.ok) ack.stored++;
      else if (response.status === 400 && text.startsWith('unknown device'))
        throw new ServerRejection(400, text, 'OsmAnd');
      else if (response.status === 400) ack.rejected.push({ index, reason: text });
      else throw rejectionOrRetry(response.status, text, 'OsmAnd');
    }
    return ack;
  }
}

function rejectionOrRetry(status: number, message: string, what: string): Error {
  if (status === 429) return new RetryLater(message, 5);
  if (status >= 500) return new RetryLater(message, 2);
  return new ServerRejection(status, message, what);
}

function retryUnlessRefused(error: unknown): Error {
  if (error instanceof ServerRejection) return rejectionOrRetry(error.status, error.message, error.what);
  return new RetryLater((error as Error).message);
}

const round = (value: number) => Math.round(value * 100) / 100;
