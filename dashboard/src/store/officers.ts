// Officers and their devices by id: names, badges, status from the roster.
import type { Device, Officer, OnDutyOfficer } from '@fcc/shared';
import { create } from 'zustand';

interface OfficersState {
  items: Record<string, Officer>;
  devices: Record<string, Device>;
  /** Officers on duty now, by officer id (the roster, refreshed with the officers). */
  onDuty: Record<string, OnDutyOfficer>;
  loaded: (officers: Officer[], devices: Device[], onDuty: OnDutyOfficer[]) => void;
  reset: () => void;
}

export const useOfficers = create<OfficersState>()((set) => ({
  items: {},
  devices: {},
  onDuty: {},
  loaded: (officers, devices, onDuty) =>
    set({
      items: Object.fromEntries(officers.map((officer) => [officer.id, officer])),
      devices: Object.fromEntries(devices.map((device) => [device.id, device])),
      onDuty: Object.fromEntries(onDuty.map((officer) => [officer.officerId, officer])),
    }),
  reset: () => set({ items: {}, devices: {}, onDuty: {} }),
}));

export const selectOnDuty = (state: OfficersState) => state.onDuty;
export const selectOfficers = (state: OfficersState) => state.items;
export const selectDevices = (state: OfficersState) => state.devices;
export const selectOfficer = (id: string | null) => (state: OfficersState) =>
  id ? state.items[id] : undefined;
export const selectDevice = (id: string | null | undefined) => (state: OfficersState) =>
  id ? state.devices[id] : undefined;
