// In an SOS the operator needs to see the officer: as soon as a camera of theirs is streaming,
// put it on the wall and open the wall, once per SOS (closing that tile is not undone).
import { useEffect } from 'react';
import { openSosAlerts, useAlerts } from '../store/alerts';
import { useOfficers } from '../store/officers';
import { cameraStreamOf, useStreams } from '../store/streams';
import { useWall } from '../store/wall';
import { showOfficerOnWall } from './showOnWall';

export function useSosVideo(): void {
  const alerts = useAlerts((state) => state.items);
  const streams = useStreams((state) => state.items);
  const devices = useOfficers((state) => state.devices);
  const sosShown = useWall((state) => state.sosShown);

  useEffect(() => {
    for (const alert of openSosAlerts(alerts)) {
      const { officerId } = alert;
      if (!officerId || sosShown.includes(alert.id)) continue;
      const streaming = Object.values(devices).some((device) => {
        if (device.officerId !== officerId) return false;
        const stream = cameraStreamOf(streams, device.id);
        return stream !== undefined && stream.state !== 'ended';
      });
      if (!streaming) continue;
      useWall.getState().markSosShown(alert.id);
      showOfficerOnWall(officerId);
    }
  }, [alerts, streams, devices, sosShown]);
}
