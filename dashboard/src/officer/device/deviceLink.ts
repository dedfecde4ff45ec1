// The phone's line to the server: the `/device` socket (fix batches acked after commit, tasks
// pushed, the command centre's video requests and talkback) and, while the socket is down but
// the network is up, HTTP batches. When the phone says it has no network the socket is closed
// at once rather than left to time out.
import type {
  DeviceClientEvents,
  DeviceServerEvents,
  Fix,
  FixBatchAck,
  StreamStartRequest,
  StreamStopRequest,
  Task,
  TaskChange,
  TalkbackEnded,
  TalkbackStarted,
} from '@fcc/shared';
import { io, type Socket } from 'socket.io-client';
import { ApiError, NO_RESPONSE } from '../../api/client';
import { postFixes } from '../api';

export interface DeviceLinkEvents {
  connected(up: boolean): void;
  tasks(tasks: Task[]): void;
  task(change: TaskChange): void;
  /** The socket was refused at its handshake (perhaps the token, perhaps the server). */
  refused(message: string): void;
  streamStart(request: StreamStartRequest): void;
  streamStop(request: StreamStopRequest): void;
  talkbackStarted(talkback: TalkbackStarted): void;
  talkbackEnded(talkback: TalkbackEnded): void;
}

const ACK_TIMEOUT_MS = 10_000;
const HTTP_TIMEOUT_MS = 15_000;
const RETRY_REFUSED_MS = 10_000;

export class DeviceLink {
  private readonly socket: Socket<DeviceServerEvents, DeviceClientEvents>;
  private retryTimer: number | null = null;
  private readonly onOffline = () => this.socket.disconnect();
  private readonly onOnline = () => this.socket.connect();

  constructor(token: string, events: DeviceLinkEvents) {
    this.socket = io('/device', {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelayMax: 10_000,
      autoConnect: navigator.onLine,
    });
    this.socket.on('connect', () => events.connected(true));
    this.socket.on('disconnect', (reason) => {
      events.connected(false);
      // The server closed it on purpose (the token was revoked or replaced): find out, retry later.
      if (reason === 'io server disconnect') this.refused(events, reason);
    });
    this.socket.on('connect_error', (error) => {
      events.connected(false);
      if (this.socket.active) return; // socket.io retries by itself
      // Refused by the namespace's check: say so, and try again later (the server may be the cause).
      this.refused(events, error.message);
    });
    this.socket.on('tasks', (tasks) => events.tasks(tasks));
    this.socket.on('task', (change) => events.task(change));
    this.socket.on('stream:start', (request) => events.streamStart(request));
    this.socket.on('stream:stop', (request) => events.streamStop(request));
    this.socket.on('talkback:started', (talkback) => events.talkbackStarted(talkback));
    this.socket.on('talkback:ended', (talkback) => events.talkbackEnded(talkback));
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
  }

  private refused(events: DeviceLinkEvents, message: string): void {
    events.refused(message);
    this.retryTimer ??= window.setTimeout(() => {
      this.retryTimer = null;
      if (navigator.onLine) this.socket.connect();
    }, RETRY_REFUSED_MS);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Resolves with the server's ack once the fixes are committed; rejects otherwise. */
  async sendFixes(fixes: Fix[]): Promise<FixBatchAck> {
    if (!navigator.onLine) throw new ApiError(NO_RESPONSE, 'The phone has no network.');
    if (!this.socket.connected) return postFixes({ fixes }, AbortSignal.timeout(HTTP_TIMEOUT_MS));
    const answer = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('positions', { fixes });
    if ('error' in answer) throw new ApiError(answer.error.statusCode, answer.error.message);
    return answer;
  }

  /** Connects again, which makes the server send the officer's open tasks afresh. */
  reloadTasks(): void {
    if (!this.socket.connected) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  close(): void {
    if (this.retryTimer !== null) window.clearTimeout(this.retryTimer);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
