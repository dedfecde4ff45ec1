// In-process bus of what just happened (after commit), from ingest and alerts to the
// sockets that push it to dashboards. Across server nodes socket.io's Redis adapter carries it on.
import { EventEmitter } from 'node:events';
import type { Alert, CellChange, LivePosition } from '@fcc/shared';

interface LiveEvents {
  position: [LivePosition];
  cellChange: [CellChange];
  alert: [Alert];
}

export class LiveHub extends EventEmitter<LiveEvents> {}
