// In-process bus of what just happened (after commit), from ingest and alerts to the
// sockets that push it to dashboards. Across server nodes socket.io's Redis adapter carries it on.
import { EventEmitter } from 'node:events';
import type { Alert, CellChange, LivePosition, TaskChange } from '@fcc/shared';

interface LiveEvents {
  position: [LivePosition];
  cellChange: [CellChange];
  alert: [Alert];
  /** A task changed; the officers concerned (assigned now, or just released) are listed. */
  task: [TaskChange, readonly string[]];
  /** A device's token was revoked or replaced: its open sockets must go. */
  deviceTokenRevoked: [string];
  /** A staff sign-in session was signed out: the dashboard sockets opened with it must go. */
  sessionRevoked: [string];
  /** Every session of a user was revoked (new role or password, account disabled). */
  userSessionsRevoked: [string];
}

export class LiveHub extends EventEmitter<LiveEvents> {}
