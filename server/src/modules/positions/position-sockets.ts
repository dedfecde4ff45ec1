// socket.io on the API's HTTP server: `/device` takes fix batches from devices, `/live`
// pushes positions, cell changes and alerts to dashboards.
import {
  FixBatch,
  LiveSubscription,
  type DeviceClientEvents,
  type DeviceServerEvents,
  type LiveClientEvents,
  type LiveServerEvents,
  type SocketError,
} from '@fcc/shared';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Namespace, type Socket } from 'socket.io';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { AppError } from '../../http/errors';
import type { Services } from '../../services';
import { STAFF_ROLES, type DevicePrincipal, type UserPrincipal } from '../auth/principal';
import { LiveBatcher, type Room } from './live-batcher';

const LIVE_ROLES: ReadonlySet<string> = new Set(STAFF_ROLES);
/** Matches MAX_FIXES_PER_BATCH with room to spare; larger frames are refused by socket.io. */
const MAX_FRAME_BYTES = 512 * 1024;
const fixBatchValidator = Compile(FixBatch);

export interface PositionSockets {
  io: Server;
  close(): Promise<void>;
}

export function attachPositionSockets(
  httpServer: HttpServer,
  services: Services,
  liveIntervalMs: number,
  log: Logger,
): PositionSockets {
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: MAX_FRAME_BYTES });
  attachDeviceNamespace(io.of('/device'), services, log);
  const batcher = attachLiveNamespace(io.of('/live'), services, liveIntervalMs);
  return {
    io,
    close: async () => {
      batcher.stop();
      services.live.removeAllListeners();
      // Not io.close(): that would close the HTTP server, which Fastify closes itself.
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}

function attachDeviceNamespace(
  namespace: Namespace<DeviceClientEvents, DeviceServerEvents>,
  services: Services,
  log: Logger,
): void {
  namespace.use((socket, next) => {
    authenticate(services, socket.handshake.auth)
      .then((principal) => {
        if (principal.kind !== 'device') return next(new Error('This namespace is for device tokens.'));
        socket.data.principal = principal;
        next();
      })
      .catch((error: unknown) => next(new Error(messageOf(error))));
  });
  // A revoked or replaced token: the sockets opened with it are closed; reconnecting needs a valid one.
  services.live.on('deviceTokenRevoked', (deviceId) =>
    namespace.in(deviceRoom(deviceId)).disconnectSockets(true),
  );
  namespace.on('connection', (socket: Socket<DeviceClientEvents, DeviceServerEvents>) => {
    const { device } = socket.data.principal as DevicePrincipal;
    void socket.join(deviceRoom(device.id));
    services.positions.ingest
      .warmUp(device.id)
      .catch((error: unknown) =>
        log.warn({ err: error, deviceId: device.id }, 'position cache warm-up failed'),
      );
    socket.on('positions', (batch, ack) => {
      if (typeof ack !== 'function') return; // without an ack the device could not know what was stored
      if (!fixBatchValidator.Check(batch)) {
        const first = fixBatchValidator.Errors(batch)[0];
        return ack(socketError(400, `Invalid batch at ${first?.instancePath || '/'}: ${first?.message}`));
      }
      const wait = services.positions.rateLimit.take(device.id);
      if (wait > 0) return ack(socketError(429, `Too many position batches; retry in ${wait} s.`));
      services.positions.ingest.ingest(device, batch.fixes).then(ack, (error: unknown) => {
        log.error({ err: error, deviceId: device.id }, 'position batch failed');
        ack(socketError(500, 'The batch was not stored; send it again.'));
      });
    });
  });
}

const deviceRoom = (deviceId: string) => `device:${deviceId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;
const userRoom = (userId: string) => `user:${userId}`;

function attachLiveNamespace(
  namespace: Namespace<LiveClientEvents, LiveServerEvents>,
  services: Services,
  liveIntervalMs: number,
): LiveBatcher {
  namespace.use((socket, next) => {
    authenticate(services, socket.handshake.auth)
      .then((principal) => {
        if (principal.kind !== 'user' || !LIVE_ROLES.has(principal.user.role)) {
          return next(new Error('Live positions are for operators, supervisors and administrators.'));
        }
        socket.data.principal = principal;
        next();
      })
      .catch((error: unknown) => next(new Error(messageOf(error))));
  });

  const batcher = new LiveBatcher(liveIntervalMs, (room, positions) =>
    namespace.to(room).emit('positions', positions),
  );
  batcher.start();
  services.live.on('position', (position) => batcher.add(position));
  services.live.on('cellChange', (change) => namespace.emit('cellChange', change));
  services.live.on('alert', (alert) => namespace.emit('alert', alert));
  // A signed-out session or a user whose sessions were revoked: their dashboards' sockets go now.
  services.live.on('sessionRevoked', (sessionId) =>
    namespace.in(sessionRoom(sessionId)).disconnectSockets(true),
  );
  services.live.on('userSessionsRevoked', (userId) => namespace.in(userRoom(userId)).disconnectSockets(true));

  namespace.on('connection', (socket) => {
    const { sessionId, user } = socket.data.principal as UserPrincipal;
    void socket.join([sessionRoom(sessionId), userRoom(user.id)]);
    socket.on('subscribe', (subscription, ack) => {
      if (typeof ack !== 'function') return;
      if (!Value.Check(LiveSubscription, subscription)) {
        return ack(
          socketError(400, 'subscribe needs { scope: "all" } or { scope: "area"|"cell"|"officer", id }'),
        );
      }
      void socket.join(roomOf(subscription));
      services.positions.repository.latest(filterOf(subscription)).then(
        (positions) => ack({ positions }),
        () => ack(socketError(500, 'Could not load positions.')),
      );
    });
    socket.on('unsubscribe', (subscription, ack) => {
      if (!Value.Check(LiveSubscription, subscription)) {
        if (typeof ack === 'function') ack(socketError(400, 'unknown subscription'));
        return;
      }
      void socket.leave(roomOf(subscription));
      if (typeof ack === 'function') ack({ ok: true });
    });
  });
  return batcher;
}

function roomOf(subscription: LiveSubscription): Room {
  return subscription.scope === 'all' ? 'all' : `${subscription.scope}:${subscription.id}`;
}

function filterOf(subscription: LiveSubscription) {
  switch (subscription.scope) {
    case 'all':
      return {};
    case 'area':
      return { areaId: subscription.id };
    case 'cell':
      return { cellId: subscription.id };
    case 'officer':
      return { officerId: subscription.id };
  }
}

async function authenticate(
  services: Services,
  auth: Record<string, unknown>,
): Promise<DevicePrincipal | UserPrincipal> {
  const token = auth.token;
  if (typeof token !== 'string' || token === '')
    throw new AppError(401, 'Send { token } in the socket auth.');
  const principal = await services.auth.authenticate(token);
  if (principal.kind === 'partner') {
    throw new AppError(403, 'A partner API key cannot open sockets; use the REST API and webhooks.');
  }
  return principal;
}

function messageOf(error: unknown): string {
  return error instanceof AppError ? error.message : 'Authentication failed.';
}

function socketError(statusCode: number, message: string): SocketError {
  return { error: { statusCode, message } };
}
