// Tasks in real time: a device joins its officer's room and gets the officer's open tasks at
// once (again after every reconnect, so nothing sent while it was away is missed); then every
// change of a task concerning the officer. Dashboards on /live hear every change.
import type { Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { DeviceClientEvents, DeviceServerEvents } from '@fcc/shared';
import type { Services } from '../../services';
import type { DevicePrincipal } from '../auth/principal';

const officerRoom = (officerId: string) => `officer:${officerId}`;

export function attachTaskSockets(io: Server, services: Services, log: Logger): void {
  const devices = io.of('/device');
  devices.on('connection', (socket: Socket<DeviceClientEvents, DeviceServerEvents>) => {
    const { device } = socket.data.principal as DevicePrincipal;
    if (!device.officerId) return;
    void socket.join(officerRoom(device.officerId));
    services.tasks
      .openTasksOf(device.officerId)
      .then((tasks) => socket.emit('tasks', tasks))
      .catch((error: unknown) => log.error({ err: error, deviceId: device.id }, 'sending open tasks failed'));
  });

  services.live.on('task', (change, officerIds) => {
    io.of('/live').emit('task', change);
    if (officerIds.length > 0) devices.to(officerIds.map(officerRoom)).emit('task', change);
  });
}
