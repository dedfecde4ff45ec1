// The one bridge from the server to the stores: loads officers, open tasks, open alerts, streams
// and fixed cameras, then keeps them current from the `/live` socket. On reconnect it subscribes
// again and reloads, so nothing missed while away stays missed.
import type { LiveClientEvents, LiveServerEvents } from '@fcc/shared';
import { useEffect } from 'react';
import { io, type Socket } from 'socket.io-client';
import { ApiError } from '../api/client';
import {
  fetchAlerts,
  fetchCurrentUser,
  fetchDevices,
  fetchDuty,
  fetchOfficers,
  fetchTasks,
} from '../api/endpoints';
import { fetchCameras, fetchStreams } from '../api/media';
import { useAlerts } from '../store/alerts';
import { useCameras } from '../store/cameras';
import { useOfficers } from '../store/officers';
import { usePositions } from '../store/positions';
import { useSession } from '../store/session';
import { useStreams } from '../store/streams';
import { useTasks } from '../store/tasks';
import { useUi } from '../store/ui';
import { useLiveStatus } from './liveStatus';

/** Officers' names and statuses change rarely and without an event: refresh them now and then. */
const OFFICERS_REFRESH_MS = 60_000;
/** How soon to ask again whether the session holds when the server could not be reached. */
const SESSION_RECHECK_MS = 3_000;

export function useLiveConnection(): void {
  const token = useSession((state) => state.token);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    const { signal } = controller;
    const reportFailure = (what: string) => (error: unknown) => {
      if (!signal.aborted) {
        console.warn(`Loading ${what} failed`, error);
        useLiveStatus.getState().set({ loadError: what });
      }
    };

    const loadOfficers = () =>
      Promise.all([fetchOfficers(signal), fetchDevices(signal), fetchDuty(signal)]).then(
        ([officers, devices, onDuty]) => useOfficers.getState().loaded(officers, devices, onDuty),
        reportFailure('officers'),
      );
    const loadTasksAndAlerts = () => {
      fetchTasks({ state: 'open', limit: 500 }, signal).then(
        (tasks) => useTasks.getState().loaded(tasks),
        reportFailure('tasks'),
      );
      // Every open alert, and the latest ones whatever their state: an acknowledged SOS whose
      // task is still open keeps its officer marked SOS after a reload.
      Promise.all([
        fetchAlerts({ open: true, limit: 500 }, signal),
        fetchAlerts({ limit: 200 }, signal),
      ]).then(([open, latest]) => useAlerts.getState().loaded([...latest, ...open]), reportFailure('alerts'));
      fetchStreams(signal).then((open) => useStreams.getState().loaded(open), reportFailure('streams'));
      fetchCameras(signal).then((cameras) => useCameras.getState().loaded(cameras), reportFailure('cameras'));
    };

    void loadOfficers();
    const officersTimer = window.setInterval(() => void loadOfficers(), OFFICERS_REFRESH_MS);

    const socket: Socket<LiveServerEvents, LiveClientEvents> = io('/live', {
      auth: { token },
      transports: ['websocket'],
    });
    const status = useLiveStatus.getState();
    socket.on('connect', () => {
      status.set({ connected: true });
      loadTasksAndAlerts();
      socket.emit('subscribe', { scope: 'all' }, (result) => {
        if ('error' in result) {
          console.warn('Live subscription refused', result.error);
          return;
        }
        usePositions.getState().replaceAll(result.positions);
      });
    });
    // The server closed the socket itself: this session was signed out (elsewhere, or the
    // account changed), or the server is shutting down. socket.io does not reconnect by itself
    // then, so ask the server whether the session holds: a 401 signs this screen out
    // (api/client), a valid session reconnects.
    let recheckTimer: number | undefined;
    const recheckSessionThenReconnect = () => {
      fetchCurrentUser(signal).then(
        () => socket.connect(),
        (error: unknown) => {
          if (signal.aborted || (error instanceof ApiError && error.status === 401)) return;
          recheckTimer = window.setTimeout(recheckSessionThenReconnect, SESSION_RECHECK_MS);
        },
      );
    };
    socket.on('disconnect', (reason) => {
      status.set({ connected: false });
      if (reason === 'io server disconnect') recheckSessionThenReconnect();
    });
    socket.on('connect_error', (error) => {
      status.set({ connected: false });
      console.warn('Live connection failed', error.message);
    });
    socket.on('positions', (positions) => usePositions.getState().applyBatch(positions));
    socket.on('task', (change) => useTasks.getState().changed(change));
    socket.on('stream:changed', (stream) => useStreams.getState().changed(stream));
    socket.on('stream:stats-updated', (stats) => useStreams.getState().statsUpdated(stats));
    socket.on('camera:changed', (camera) => useCameras.getState().changed(camera));
    socket.on('camera:removed', ({ deviceId }) => useCameras.getState().removed(deviceId));
    socket.on('alert', (alert) => {
      const known = useAlerts.getState().items[alert.id];
      useAlerts.getState().upsert(alert);
      // A new SOS takes the camera and the selection: the operator must see who, at once.
      if (!known && alert.kind === 'sos' && alert.acknowledgedAt === null) {
        const ui = useUi.getState();
        if (alert.officerId) ui.selectOfficer(alert.officerId);
        if (alert.lon !== null && alert.lat !== null) ui.focusOn(alert.lon, alert.lat, 16);
      }
    });

    return () => {
      controller.abort();
      window.clearInterval(officersTimer);
      window.clearTimeout(recheckTimer);
      socket.disconnect();
      // The next account on this screen starts from its own data.
      usePositions.getState().reset();
      useOfficers.getState().reset();
      useTasks.getState().reset();
      useAlerts.getState().reset();
      useStreams.getState().reset();
      useCameras.getState().reset();
      useUi.getState().reset();
      useLiveStatus.getState().set({ connected: false, loadError: null });
    };
  }, [token]);
}
