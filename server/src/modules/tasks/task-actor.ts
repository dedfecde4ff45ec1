// Who takes a step on a task, as recorded in its event: a person, an officer's device, a
// partner system, or the server itself (timers, auto-dispatch).
import type { Principal } from '../auth/principal';

export interface TaskActor {
  /** How the event names the actor, e.g. "operator1", "device:BC-0001", "partner:110 platform". */
  label: string;
  userId: string | null;
  /** The officer acting in the field (an officer's account or device), if any. */
  officerId: string | null;
  /** Staff act for the command centre; an officer only on tasks assigned to them. */
  isStaff: boolean;
}

export const SYSTEM_ACTOR: TaskActor = { label: 'system', userId: null, officerId: null, isStaff: true };

export function taskActorOf(principal: Principal): TaskActor {
  switch (principal.kind) {
    case 'user':
      return {
        label: principal.user.username,
        userId: principal.user.id,
        officerId: principal.user.role === 'officer' ? principal.user.officerId : null,
        isStaff: principal.user.role !== 'officer',
      };
    case 'device':
      return {
        label: `device:${principal.device.uniqueId}`,
        userId: null,
        officerId: principal.device.officerId,
        isStaff: false,
      };
    case 'partner':
      return { label: `partner:${principal.partner.name}`, userId: null, officerId: null, isStaff: false };
  }
}
