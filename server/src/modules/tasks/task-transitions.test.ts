import { TASK_STATES } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS, transitionFor } from './task-transitions';

describe('task transitions', () => {
  it('walks the closed loop from created to closed', () => {
    const steps = ['dispatch', 'acknowledge', 'en-route', 'arrive', 'resolve', 'close'] as const;
    let state: (typeof TASK_STATES)[number] = 'created';
    for (const step of steps) state = transitionFor(step, state).to;
    expect(state).toBe('closed');
  });

  it('refuses a step from a state it does not follow, naming both states', () => {
    expect(() => transitionFor('resolve', 'dispatched')).toThrow(
      'Cannot resolve this task: it is dispatched, and resolve needs it to be on scene.',
    );
    expect(() => transitionFor('dispatch', 'en_route')).toThrow(/it is en route/);
  });

  it('lets a task be cancelled from every state but closed and cancelled', () => {
    const cancellable = TASK_STATES.filter((state) => {
      try {
        transitionFor('cancel', state);
        return true;
      } catch {
        return false;
      }
    });
    expect(cancellable).toEqual([
      'created',
      'dispatched',
      'acknowledged',
      'en_route',
      'on_scene',
      'resolved',
    ]);
  });

  it('never leads out of a terminal state except by reopening a closed task', () => {
    const fromClosed = Object.entries(TRANSITIONS).filter(([, t]) => t.from.includes('closed'));
    expect(fromClosed.map(([step]) => step)).toEqual(['reopen']);
    expect(Object.values(TRANSITIONS).some((t) => t.from.includes('cancelled'))).toBe(false);
  });
});
