import type { Task } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { nextSteps } from './nextSteps';

const me = '11111111-1111-4111-8111-111111111111';
const colleague = '22222222-2222-4222-8222-222222222222';
const assignee = (officerId: string, acknowledgedAt: string | null) => ({
  officerId,
  name: 'x',
  badgeNo: '1',
  assignedAt: '2026-11-23T08:00:00Z',
  acknowledgedAt,
});
const task = (state: Task['state'], assignees = [assignee(me, null)]) => ({ state, assignees }) as Task;

describe('nextSteps', () => {
  it('walks the closed loop: acknowledge, en route (or arrive), arrive, resolve', () => {
    expect(nextSteps(task('dispatched'), me)).toEqual(['acknowledge']);
    expect(nextSteps(task('acknowledged', [assignee(me, 'now')]), me)).toEqual(['en-route', 'arrive']);
    expect(nextSteps(task('en_route'), me)).toEqual(['arrive']);
    expect(nextSteps(task('on_scene'), me)).toEqual(['resolve']);
    expect(nextSteps(task('resolved'), me)).toEqual([]);
  });

  it('asks an officer to acknowledge even when a colleague already has', () => {
    expect(nextSteps(task('acknowledged', [assignee(colleague, 'now'), assignee(me, null)]), me)).toEqual([
      'acknowledge',
    ]);
  });

  it('offers nothing on a task that is not theirs', () => {
    expect(nextSteps(task('dispatched', [assignee(colleague, null)]), me)).toEqual([]);
  });
});
