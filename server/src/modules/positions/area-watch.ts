// Turns an officer's move between grid cells into live events, and a move out of (or back
// into) the officer's assigned area into alerts.
import type { LivePosition } from '@fcc/shared';
import type { AlertsService } from '../alerts/alerts-service';
import type { LiveHub } from './live-hub';

export interface OfficerAssignment {
  name: string;
  areaId: string | null;
}

export class AreaWatch {
  constructor(
    private readonly hub: LiveHub,
    private readonly alerts: AlertsService,
    private readonly lookupOfficer: (officerId: string) => Promise<OfficerAssignment | undefined>,
  ) {}

  async moved(
    position: LivePosition,
    previousCellId: string | null,
    previousAreaId: string | null,
  ): Promise<void> {
    if (position.gridCellId === previousCellId) return;
    this.hub.emit('cellChange', {
      officerId: position.officerId,
      fromCellId: previousCellId,
      toCellId: position.gridCellId,
      at: position.fixTime,
    });
    if (position.areaId === previousAreaId) return;
    const officer = await this.lookupOfficer(position.officerId);
    if (!officer?.areaId) return;
    const location = { lat: position.lat, lon: position.lon };
    const data = { officerName: officer.name, areaId: officer.areaId, cellId: position.gridCellId };
    if (previousAreaId === officer.areaId) {
      await this.alerts.raise({
        kind: 'left-area',
        severity: 'warning',
        officerId: position.officerId,
        deviceId: position.deviceId,
        message: `${officer.name} left the assigned area`,
        data,
        location,
      });
    } else if (position.areaId === officer.areaId) {
      // Only a return from an alerted absence is news; the first fix of a shift is not.
      if ((await this.alerts.resolve(position.officerId, 'left-area')) === 0) return;
      await this.alerts.raise({
        kind: 'returned-to-area',
        severity: 'info',
        officerId: position.officerId,
        deviceId: position.deviceId,
        message: `${officer.name} is back in the assigned area`,
        data,
        location,
      });
    }
  }
}
