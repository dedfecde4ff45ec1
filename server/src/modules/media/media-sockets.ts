// Media over socket.io: devices join their own room so the service can ask them to start or
// stop streaming and announce talkback; dashboards on /live hear stream changes and stats, and
// fixed cameras' placement and pull state.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { DeviceClientEvents, DeviceServerEvents, LiveClientEvents, LiveServerEvents } from '@fcc/shared';
import type { Services } from '../../services';
import type { DevicePrincipal } from '../auth/principal';

const deviceRoom = (deviceId: string) => `device:${deviceId}`;

export function attachMediaSockets(io: Server, services: Services, log: Logger): void {
  const devices = io.of('/device');
  const live = io.of('/live') as unknown as import('socket.io').Namespace<LiveClientEvents, LiveServerEvents>;
  devices.on('connection', (socket: Socket<DeviceClientEvents, DeviceServerEvents>) => {
    const { device } = socket.data.principal as DevicePrincipal;
    void socket.join(deviceRoom(device.id));
  });
  services.media.attachDevices({
    send: (deviceId, event, payload) => {
      const sockets = devices.adapter.rooms.get(deviceRoom(deviceId))?.size ?? 0;
      if (sockets > 0) {
        (devices.to(deviceRoom(deviceId)) as unknown as { emit(name: string, data: unknown): void }).emit(
          event,
          payload,
        );
      }
      log.debug({ deviceId, event, sockets }, 'media event to device');
      return sockets;
    },
  });
  services.media.on('stream', (stream) => live.emit('stream:changed', stream));
  services.media.on('stats', (stats) => live.emit('stream:stats-updated', stats));
  services.mediaIngest.on('camera', (camera) => live.emit('camera:changed', camera));
  services.mediaIngest.on('camera-removed', (deviceId) => live.emit('camera:removed', { deviceId }));
}
