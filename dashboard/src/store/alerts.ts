// Alerts by id: the open ones loaded at start, then every raise, acknowledgement and resolution
// as the live socket reports them.
import type { Alert } from '@fcc/shared';
import { create } from 'zustand';

interface AlertsState {
  items: Record<string, Alert>;
  loaded: (alerts: Alert[]) => void;
  upsert: (alert: Alert) => void;
  reset: () => void;
}

export const useAlerts = create<AlertsState>()((set) => ({
  items: {},
  // Live events that arrived while the list was loading are newer than the list: keep them.
  loaded: (alerts) =>
    set((state) => ({
      items: { ...Object.fromEntries(alerts.map((alert) => [alert.id, alert])), ...state.items },
    })),
  upsert: (alert) => set((state) => ({ items: { ...state.items, [alert.id]: alert } })),
  reset: () => set({ items: {} }),
}));

export const isOpenAlert = (alert: Alert) => alert.acknowledgedAt === null && alert.resolvedAt === null;

/** Unacknowledged SOS alerts, oldest first: the banner shows them all until each is acknowledged. */
export function openSosAlerts(items: Record<string, Alert>): Alert[] {
  return Object.values(items)
    .filter((alert) => alert.kind === 'sos' && isOpenAlert(alert))
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
}

export const selectAlerts = (state: AlertsState) => state.items;
