import type { Task } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { boardTasks, countByState, NO_FILTERS, slaSecondsLeft } from './taskFilters';

const task = (overrides: Partial<Task>): Task =>
  ({
    id: overrides.code ?? 'x',
    code: 'T1',
    state: 'created',
    priority: 'normal',
    category: 'noise',
    description: '',
    address: '',
    areaId: 'a1',
    nearestAreaId: null,
    gridCellCode: null,
    assignees: [],
    createdAt: '2026-11-24T09:00:00Z',
    slaDueAt: null,
    slaBreachedAt: null,
    escalatedAt: null,
    ...overrides,
  }) as Task;

const tasks = [
  task({ code: 'T1', priority: 'low', description: 'Stall on the pavement' }),
  task({ code: 'T2', priority: 'urgent', state: 'dispatched', areaId: 'a2' }),
  task({ code: 'T3', priority: 'high', state: 'closed' }),
  task({ code: 'T4', priority: 'low', slaBreachedAt: '2026-11-24T09:30:00Z', category: 'construction' }),
  task({
    code: 'T5',
    priority: 'normal',
    state: 'acknowledged',
    assignees: [
      {
        officerId: 'o1',
        name: '王伟',
        badgeNo: '0007',
        assignedAt: '2026-11-24T09:00:00Z',
        acknowledgedAt: null,
      },
    ],
  }),
];
const codes = (list: Task[]) => list.map((t) => t.code);

describe('the task board', () => {
  it('shows open tasks, breached first, then by priority', () => {
    expect(codes(boardTasks(tasks, NO_FILTERS))).toEqual(['T4', 'T2', 'T5', 'T1']);
  });

  it('filters by state, area and category', () => {
    expect(codes(boardTasks(tasks, { ...NO_FILTERS, state: 'closed' }))).toEqual(['T3']);
    expect(codes(boardTasks(tasks, { ...NO_FILTERS, areaId: 'a2' }))).toEqual(['T2']);
    expect(codes(boardTasks(tasks, { ...NO_FILTERS, category: 'construction' }))).toEqual(['T4']);
  });

  it('searches code, description and the assigned officer, ignoring case', () => {
    expect(codes(boardTasks(tasks, { ...NO_FILTERS, search: 'PAVEMENT' }))).toEqual(['T1']);
    expect(codes(boardTasks(tasks, { ...NO_FILTERS, search: '王伟' }))).toEqual(['T5']);
    expect(codes(boardTasks(tasks, { ...NO_FILTERS, search: 't2' }))).toEqual(['T2']);
  });

  it('counts open tasks per state', () => {
    expect(countByState(tasks)).toEqual({ created: 2, dispatched: 1, acknowledged: 1 });
  });

  it('counts the SLA down and below zero, and stops once the task is closed', () => {
    const due = task({ slaDueAt: '2026-11-24T10:00:00Z' });
    expect(slaSecondsLeft(due, Date.parse('2026-11-24T09:59:00Z'))).toBe(60);
    expect(slaSecondsLeft(due, Date.parse('2026-11-24T10:00:30Z'))).toBe(-30);
    expect(slaSecondsLeft({ ...due, state: 'closed' }, Date.parse('2026-11-24T09:59:00Z'))).toBeNull();
  });
});
