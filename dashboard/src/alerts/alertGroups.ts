// Repeated alerts about the same thing (an officer walking along an area's edge raises "left"
// and "back" again and again) are shown as one row with a count, so that the list stays calm
// and a new kind of trouble is not buried under repeats.
import type { Alert } from '@fcc/shared';
import { isOpenAlert } from '../store/alerts';

export interface AlertGroup {
  key: string;
  /** The newest alert of the group: what the row shows. */
  latest: Alert;
  alerts: Alert[];
  open: Alert[];
}

export function groupAlerts(alerts: Iterable<Alert>, includeAcknowledged: boolean): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const alert of alerts) {
    if (alert.kind === 'sos' && isOpenAlert(alert)) continue; // the banner has those
    if (!includeAcknowledged && !isOpenAlert(alert)) continue;
    const taskId = typeof alert.data.taskId === 'string' ? alert.data.taskId : '';
    const key = `${alert.kind}|${alert.officerId ?? ''}|${taskId}`;
    const group = groups.get(key) ?? { key, latest: alert, alerts: [], open: [] };
    group.alerts.push(alert);
    if (isOpenAlert(alert)) group.open.push(alert);
    if (alert.raisedAt > group.latest.raisedAt) group.latest = alert;
    groups.set(key, group);
  }
  const severity = { critical: 0, warning: 1, info: 2 } as const;
  return [...groups.values()].sort(
    (a, b) =>
      Number(b.open.length > 0) - Number(a.open.length > 0) ||
      severity[a.latest.severity] - severity[b.latest.severity] ||
      b.latest.raisedAt.localeCompare(a.latest.raisedAt),
  );
}
