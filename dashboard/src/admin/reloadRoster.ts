// After an officer or a device changes, the roster store (map cards, device list) reloads.
import { fetchDevices, fetchDuty, fetchOfficers } from '../api/endpoints';
import { useOfficers } from '../store/officers';

export async function reloadRoster(): Promise<void> {
  const [officers, devices, onDuty] = await Promise.all([fetchOfficers(), fetchDevices(), fetchDuty()]);
  useOfficers.getState().loaded(officers, devices, onDuty);
}
