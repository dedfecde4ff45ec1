import type { Task } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { applyChange, sortTasks, toAnnounce } from './officerTasks';

const me = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';
const task = (id: string, patch: Partial<Task> = {}): Task =>
  ({
    id,
    state: 'dispatched',
    priority: 'normal',
    createdAt: '2026-11-23T08:00:00Z',
    assignees: [{ officerId: me, name: 'x', badgeNo: '1', assignedAt: '', acknowledgedAt: null }],
    ...patch,
  }) as Task;

describe('the officer task list', () => {
  it('adds a task dispatched to the officer and drops it when reassigned, closed or cancelled', () => {
    let items = applyChange({}, task('a'), me);
    expect(Object.keys(items)).toEqual(['a']);
    const reassigned = task('a', {
      assignees: [{ officerId: other, name: 'y', badgeNo: '2', assignedAt: '', acknowledgedAt: null }],
    });
    expect(applyChange(items, reassigned, me)).toEqual({});
    items = applyChange(items, task('a', { state: 'cancelled' }), me);
    expect(items).toEqual({});
    expect(applyChange({ a: task('a') }, task('a', { state: 'closed' }), me)).toEqual({});
  });

  it('announces a task once, and only while it waits for this officer', () => {
    const items = { a: task('a'), b: task('b') };
    expect(toAnnounce(items, { a: true }, me).map((t) => t.id)).toEqual(['b']);
    const acknowledged = task('c', {
      state: 'acknowledged',
      assignees: [{ officerId: me, name: 'x', badgeNo: '1', assignedAt: '', acknowledgedAt: 'now' }],
    });
    expect(toAnnounce({ c: acknowledged }, {}, me)).toEqual([]);
  });

  it('puts the most urgent first, then the oldest', () => {
    const sorted = sortTasks([
      task('late-normal', { createdAt: '2026-11-23T09:00:00Z' }),
      task('urgent', { priority: 'urgent', createdAt: '2026-11-23T10:00:00Z' }),
      task('early-normal', { createdAt: '2026-11-23T08:00:00Z' }),
    ]);
    expect(sorted.map((t) => t.id)).toEqual(['urgent', 'early-normal', 'late-normal']);
  });
});
