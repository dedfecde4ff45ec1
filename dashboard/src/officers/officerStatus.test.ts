import type { Alert, LivePosition, Officer, Task } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { currentTasks, mapStatusOf, OUT_OF_CONTACT_AFTER_MS, sosOfficers } from './officerStatus';

const now = Date.parse('2026-11-24T10:00:00Z');
const officer = (status: Officer['status'] = 'available'): Officer => ({
  id: 'o1',
  badgeNo: '001',
  name: 'Li',
  phone: null,
  areaId: null,
  status,
});
const position = (ageMs: number): LivePosition => ({
  officerId: 'o1',
  deviceId: 'd1',
  fixTime: new Date(now - ageMs).toISOString(),
  lat: 40,
  lon: 111,
  accuracy: null,
  speed: null,
  heading: null,
  battery: null,
  gridCellId: null,
  areaId: null,
});
const task = (id: string, state: Task['state'], priority: Task['priority'], officerIds: string[]): Task =>
  ({
    id,
    state,
    priority,
    createdAt: '2026-11-24T09:00:00Z',
    assignees: officerIds.map((officerId) => ({ officerId })),
  }) as Task;
const context = (overrides: Partial<Parameters<typeof mapStatusOf>[2]> = {}) => ({
  sos: new Set<string>(),
  currentTask: new Map<string, Task>(),
  now,
  ...overrides,
});

describe('an officer’s status on the map', () => {
  it('is available with a fresh fix and nothing to do', () => {
    expect(mapStatusOf(officer(), position(10_000), context(), 'o1')).toBe('available');
  });

  it('is out of contact once the last fix is too old, or with no fix at all', () => {
    expect(mapStatusOf(officer(), position(OUT_OF_CONTACT_AFTER_MS + 1), context(), 'o1')).toBe(
      'outOfContact',
    );
    expect(mapStatusOf(officer(), undefined, context(), 'o1')).toBe('outOfContact');
  });

  it('is on task while assigned to an open task, but out of contact wins when silent', () => {
    const busy = context({ currentTask: new Map([['o1', task('t', 'dispatched', 'normal', ['o1'])]]) });
    expect(mapStatusOf(officer(), position(1000), busy, 'o1')).toBe('onTask');
    expect(mapStatusOf(officer(), position(OUT_OF_CONTACT_AFTER_MS * 2), busy, 'o1')).toBe('outOfContact');
  });

  it('shows SOS above everything else', () => {
    expect(mapStatusOf(officer(), undefined, context({ sos: new Set(['o1']) }), 'o1')).toBe('sos');
  });

  it('keeps an off-duty officer calm rather than out of contact', () => {
    expect(mapStatusOf(officer('off_duty'), undefined, context(), 'o1')).toBe('offDuty');
  });
});

describe('current tasks', () => {
  it('picks the most urgent working task per officer and ignores resolved ones', () => {
    const map = currentTasks([
      task('a', 'acknowledged', 'normal', ['o1', 'o2']),
      task('b', 'dispatched', 'urgent', ['o1']),
      task('c', 'resolved', 'urgent', ['o2']),
    ]);
    expect(map.get('o1')?.id).toBe('b');
    expect(map.get('o2')?.id).toBe('a');
  });
});

describe('officers in an SOS', () => {
  const sos = (acknowledgedAt: string | null, taskId: string | null): Alert =>
    ({
      kind: 'sos',
      officerId: 'o1',
      acknowledgedAt,
      resolvedAt: null,
      data: { taskId },
    }) as unknown as Alert;

  it('counts an unacknowledged SOS', () => {
    expect(sosOfficers([sos(null, null)], {})).toEqual(new Set(['o1']));
  });

  it('keeps an acknowledged SOS while its task is open, and drops it once closed', () => {
    const open = { t1: task('t1', 'on_scene', 'urgent', []) };
    const closed = { t1: task('t1', 'closed', 'urgent', []) };
    expect(sosOfficers([sos('2026-11-24T09:30:00Z', 't1')], open)).toEqual(new Set(['o1']));
    expect(sosOfficers([sos('2026-11-24T09:30:00Z', 't1')], closed)).toEqual(new Set());
  });
});
