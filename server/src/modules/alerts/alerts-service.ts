// Raises and resolves alerts, and pushes every change to dashboards through the live hub.
import type { Alert, AlertKind } from '@fcc/shared';
import { NotFoundError } from '../../http/errors';
import type { LiveHub } from '../positions/live-hub';
import type { AlertsRepository, NewAlert } from './alerts-repository';

export class AlertsService {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly hub: LiveHub,
  ) {}

  async raise(alert: NewAlert): Promise<Alert> {
    const raised = await this.repository.insert(alert);
    this.hub.emit('alert', raised);
    return raised;
  }

  /** Resolves an officer's open alerts of a kind; returns how many there were. */
  async resolve(officerId: string, kind: AlertKind): Promise<number> {
    const resolved = await this.repository.resolve(officerId, kind);
    for (const alert of resolved) this.hub.emit('alert', alert);
    return resolved.length;
  }

  async acknowledge(id: string, userId: string): Promise<Alert> {
    const alert = await this.repository.acknowledge(id, userId);
    if (!alert) throw new NotFoundError(`No alert with id ${id}.`);
    this.hub.emit('alert', alert);
    return alert;
  }

  list(query: { open?: boolean; limit?: number }): Promise<Alert[]> {
    return this.repository.list({ open: query.open ?? false, limit: query.limit ?? 100 });
  }
}
