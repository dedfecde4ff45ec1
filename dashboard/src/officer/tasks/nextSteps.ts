// The officer's next step on a task, as the big button offers it; the server's transitions
// decide (a step it refuses comes back as a 409 saying what happened meanwhile).
import type { Task, TaskAction } from '@fcc/shared';

export type OfficerStep = Extract<TaskAction, 'acknowledge' | 'en-route' | 'arrive' | 'resolve'>;

/** The main step first; an officer already there may skip "en route". */
export function nextSteps(task: Task, officerId: string): OfficerStep[] {
  const mine = task.assignees.find((assignee) => assignee.officerId === officerId);
  if (!mine) return [];
  switch (task.state) {
    case 'dispatched':
      return ['acknowledge'];
    case 'acknowledged':
      // A colleague on the same task acknowledged; this officer has not yet.
      return mine.acknowledgedAt === null ? ['acknowledge'] : ['en-route', 'arrive'];
    case 'en_route':
      return ['arrive'];
    case 'on_scene':
      return ['resolve'];
    default:
      return [];
  }
}
