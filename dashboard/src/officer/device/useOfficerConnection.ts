// The one bridge between the phone and the server once signed in: opens the device link, keeps
// the task list current from it, watches the GPS and sends every fix through the buffer, which
// survives losing the network and reloading the page; hands video requests and talkback to the
// video controller.
import { useEffect } from 'react';
import { fetchSelf } from '../api';
import { FixOutbox, localOutboxStorage } from '../gps/fixOutbox';
import { FixUploader } from '../gps/fixUploader';
import { positionToFix } from '../gps/positionToFix';
import { useDeviceSession } from '../store/deviceSession';
import { useGpsStatus } from '../store/gpsStatus';
import { useOfficerTasks } from '../store/officerTasks';
import * as video from '../video/videoController';
import { DeviceLink } from './deviceLink';

const FLUSH_EVERY_MS = 3_000;

let current: DeviceLink | null = null;

/** Asks the server for the officer's open tasks again (after a step was refused, say). */
export function reloadTasks(): void {
  current?.reloadTasks();
}

export function useOfficerConnection(): void {
  const token = useDeviceSession((state) => state.token);
  const deviceId = useDeviceSession((state) => state.self?.device.id ?? null);

  useEffect(() => {
    if (!token || !deviceId) return;
    const status = useGpsStatus.getState();
    const officerId = () => useDeviceSession.getState().self?.officer?.id ?? null;

    // Per device: fixes buffered under one token never go out under another.
    const storage = localOutboxStorage(`fcc.officer.outbox.${deviceId}`);
    const outbox = new FixOutbox(storage);
    status.set({ buffered: outbox.size });

    const link = new DeviceLink(token, {
      connected: (up) => {
        if (up) status.set({ online: true });
        else if (!navigator.onLine) status.set({ online: false });
        if (up) void flush();
      },
      tasks: (tasks) => {
        const id = officerId();
        useOfficerTasks
          .getState()
          .replaceAll(id ? tasks.filter((t) => t.assignees.some((a) => a.officerId === id)) : tasks);
      },
      task: (change) => {
        const id = officerId();
        if (id) useOfficerTasks.getState().changed(change.task, id);
      },
      // A revoked token answers 401 here, which signs the phone out with the reason.
      refused: () => void fetchSelf().catch(() => undefined),
      streamStart: (request) => void video.streamRequested(request),
      streamStop: video.streamStopped,
      talkbackStarted: video.talkbackStarted,
      talkbackEnded: video.talkbackEnded,
    });
    current = link;

    const uploader = new FixUploader(outbox, (fixes) => link.sendFixes(fixes));
    async function flush() {
      const result = await uploader.flush();
      // Only an answer says the server is there; an empty buffer sent nothing and proves nothing.
      const online =
        link.connected || (result.ok ? result.sent > 0 || useGpsStatus.getState().online : false);
      status.set({ buffered: outbox.size, online });
    }
    const flushTimer = window.setInterval(() => void flush(), FLUSH_EVERY_MS);
    const onOffline = () => status.set({ online: false });
    const onOnline = () => void flush();
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);

    // The battery manager's level stays current; Chromium has it, Safari and Firefox do not.
    let batteryManager: { level: number } | null = null;
    const nav = navigator as Navigator & { getBattery?: () => Promise<{ level: number }> };
    nav.getBattery?.().then(
      (manager) => {
        batteryManager = manager;
      },
      () => undefined,
    );
    const battery = () => (batteryManager ? Math.round(batteryManager.level * 100) : null);

    let watchId: number | null = null;
    if ('geolocation' in navigator) {
      status.set({ gps: 'waiting' });
      watchId = navigator.geolocation.watchPosition(
        (position) => {
          const fix = positionToFix(position, battery());
          const isFirst = useGpsStatus.getState().lastFix === null;
          outbox.push(fix);
          status.set({ gps: 'sharing', lastFix: fix, buffered: outbox.size });
          if (isFirst) void flush(); // the command centre sees the officer at once
        },
        (error) => {
          status.set({ gps: error.code === error.PERMISSION_DENIED ? 'denied' : 'waiting' });
        },
        { enableHighAccuracy: true, maximumAge: 5_000, timeout: 60_000 },
      );
    } else {
      status.set({ gps: 'unavailable' });
    }

    return () => {
      if (watchId !== null) navigator.geolocation.clearWatch(watchId);
      window.clearInterval(flushTimer);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      link.close();
      video.closeVideo();
      if (current === link) current = null;
      storage.close();
      useGpsStatus.getState().reset();
    };
  }, [token, deviceId]);
}
