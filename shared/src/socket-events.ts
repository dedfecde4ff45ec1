// socket.io event maps, shared by the server, the dashboard and the device simulator.
// Namespace `/device`: devices (auth: { token: device token }).
// Namespace `/live`: dashboards (auth: { token: staff session token }).
import type { Alert } from './alerts';
import type {
  FixedCamera,
  Stream,
  StreamStartRequest,
  StreamStats,
  StreamStopRequest,
  TalkbackEnded,
  TalkbackStarted,
} from './media';
import type { FixBatch, FixBatchAck, LivePosition, LiveSubscription } from './positions';
import type { Task, TaskChange } from './tasks';

export interface SocketError {
  error: { statusCode: number; message: string };
}

export interface DeviceClientEvents {
  positions(batch: FixBatch, ack: (result: FixBatchAck | SocketError) => void): void;
}

export interface DeviceServerEvents {
  /** On connecting: every open task assigned to the device's officer. */
  tasks(tasks: Task[]): void;
  /** A task of the officer changed (dispatched to them, reassigned away, cancelled, …). */
  task(change: TaskChange): void;
  /** An operator asks the device to publish its camera (on demand). */
  'stream:start': (request: StreamStartRequest) => void;
  /** The device should stop publishing (the server has ended the stream). */
  'stream:stop': (request: StreamStopRequest) => void;
  'talkback:started': (talkback: TalkbackStarted) => void;
  'talkback:ended': (talkback: TalkbackEnded) => void;
}

export interface CellChange {
  officerId: string;
  fromCellId: string | null;
  toCellId: string | null;
  at: string;
}

export interface LiveClientEvents {
  /** Joins a room; answers with the latest positions in it, after which deltas follow. */
  subscribe(
    subscription: LiveSubscription,
    ack: (result: { positions: LivePosition[] } | SocketError) => void,
  ): void;
  unsubscribe(subscription: LiveSubscription, ack: (result: { ok: true } | SocketError) => void): void;
}

export interface LiveServerEvents {
  /** Latest positions that changed since the last batch, one per officer. */
  positions(positions: LivePosition[]): void;
  cellChange(change: CellChange): void;
  alert(alert: Alert): void;
  task(change: TaskChange): void;
  /** A stream started, changed state (live, reconnecting, ended) or learnt its resolution. */
  'stream:changed': (stream: Stream) => void;
  'stream:stats-updated': (stats: StreamStats) => void;
  /** A fixed camera was registered, moved or turned, or its pull changed state (or failed, with why). */
  'camera:changed': (camera: FixedCamera) => void;
  /** A fixed camera was unregistered. */
  'camera:removed': (removed: { deviceId: string }) => void;
}
