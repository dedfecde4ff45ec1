// Which step may follow which. A step not allowed from the task's current state is a 409 that
// names both, so the person (or device) knows what happened meanwhile.
import type { TaskAction, TaskState } from '@fcc/shared';
import { ConflictError } from '../../http/errors';

export type TaskStep = TaskAction | 'dispatch' | 'reassign';

interface Transition {
  from: readonly TaskState[];
  to: TaskState;
  /** The event recorded for the step. */
  event: string;
}

export const TRANSITIONS: Record<TaskStep, Transition> = {
  dispatch: { from: ['created'], to: 'dispatched', event: 'dispatched' },
  reassign: {
    from: ['dispatched', 'acknowledged', 'en_route', 'on_scene'],
    to: 'dispatched',
    event: 'reassigned',
  },
  acknowledge: { from: ['dispatched'], to: 'acknowledged', event: 'acknowledged' },
  'en-route': { from: ['acknowledged'], to: 'en_route', event: 'en-route' },
  arrive: { from: ['acknowledged', 'en_route'], to: 'on_scene', event: 'arrived' },
  resolve: { from: ['on_scene'], to: 'resolved', event: 'resolved' },
  close: { from: ['resolved'], to: 'closed', event: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'dispatched', event: 'reopened' },
  cancel: {
    from: ['created', 'dispatched', 'acknowledged', 'en_route', 'on_scene', 'resolved'],
    to: 'cancelled',
    event: 'cancelled',
  },
};

/** Steps an officer in the field takes; the others belong to the command centre. */
export const OFFICER_STEPS: ReadonlySet<TaskStep> = new Set(['acknowledge', 'en-route', 'arrive', 'resolve']);

/** The transition for a step from a state, or a ConflictError naming both states. */
export function transitionFor(step: TaskStep, state: TaskState): Transition {
  const transition = TRANSITIONS[step];
  if (!transition.from.includes(state)) {
    throw new ConflictError(
      `Cannot ${step} this task: it is ${describe(state)}, and ${step} needs it to be ${transition.from.map(describe).join(' or ')}.`,
    );
  }
  return transition;
}

function describe(state: TaskState): string {
  return state.replace('_', ' ');
}
