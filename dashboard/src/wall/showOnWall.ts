// Putting an officer on the wall from elsewhere (the officer card's "watch video", an SOS): the
// right device of theirs into its tile or the first free one; the wall opens.
import { sosOfficers } from '../officers/officerStatus';
import { useAlerts } from '../store/alerts';
import { useOfficers } from '../store/officers';
import { usePositions } from '../store/positions';
import { useStreams } from '../store/streams';
import { useTasks } from '../store/tasks';
import { useWall } from '../store/wall';
import { videoDeviceOf } from './videoDevice';

/** The tile the officer now shows in, or null when they have no device to show. */
export function showOfficerOnWall(officerId: string): number | null {
  const { devices } = useOfficers.getState();
  const deviceId = videoDeviceOf(
    officerId,
    devices,
    usePositions.getState().items[officerId],
    useStreams.getState().items,
  );
  if (!deviceId) return null;
  // Officers in an SOS keep their tiles when a full wall has to give one up.
  const sos = sosOfficers(Object.values(useAlerts.getState().items), useTasks.getState().items);
  const keep = new Set(
    Object.values(devices)
      .filter((device) => device.officerId !== null && sos.has(device.officerId))
      .map((device) => device.id),
  );
  return useWall.getState().show({ deviceId, officerId }, keep);
}
