import type { Alert } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { groupAlerts } from './alertGroups';

let next = 0;
const alert = (overrides: Partial<Alert>): Alert =>
  ({
    id: String(next++),
    kind: 'left-area',
    severity: 'warning',
    officerId: 'o1',
    data: {},
    raisedAt: '2026-11-24T09:00:00Z',
    acknowledgedAt: null,
    resolvedAt: null,
    ...overrides,
  }) as Alert;

describe('grouping alerts for the list', () => {
  it('folds repeats of one kind about one officer into one row showing the newest', () => {
    const groups = groupAlerts(
      [
        alert({ raisedAt: '2026-11-24T09:00:00Z' }),
        alert({ raisedAt: '2026-11-24T09:05:00Z' }),
        alert({ officerId: 'o2' }),
      ],
      false,
    );
    expect(groups).toHaveLength(2);
    const first = groups.find((group) => group.latest.officerId === 'o1')!;
    expect(first.open).toHaveLength(2);
    expect(first.latest.raisedAt).toBe('2026-11-24T09:05:00Z');
  });

  it('puts critical before warning before info, and leaves open SOS to the banner', () => {
    const groups = groupAlerts(
      [
        alert({ kind: 'returned-to-area', severity: 'info', officerId: 'o3' }),
        alert({ kind: 'sla-breach', severity: 'critical', data: { taskId: 't1' } }),
        alert({ kind: 'sos', severity: 'critical' }),
        alert({ kind: 'device-silent', severity: 'warning', officerId: 'o4' }),
      ],
      false,
    );
    expect(groups.map((group) => group.latest.kind)).toEqual([
      'sla-breach',
      'device-silent',
      'returned-to-area',
    ]);
  });

  it('hides acknowledged alerts unless asked, and then lists them after the open ones', () => {
    const done = alert({ kind: 'device-silent', officerId: 'o9', acknowledgedAt: '2026-11-24T09:10:00Z' });
    const open = alert({ kind: 'left-area', officerId: 'o8', severity: 'info' });
    expect(groupAlerts([done, open], false).map((group) => group.latest.id)).toEqual([open.id]);
    expect(groupAlerts([done, open], true).map((group) => group.latest.id)).toEqual([open.id, done.id]);
  });
});
