// Fixes from the OsmAnd listener: the device is known by its registered unique id.
import type { Fix } from '@fcc/shared';
import type pg from 'pg';
import type { DeviceRateLimit } from '../device-rate-limit';
import type { PositionIngestService } from '../ingest-service';
import type { OsmandIngest, OsmandIngestResult } from './osmand-server';

export class OsmandDeviceIngest implements OsmandIngest {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ingest: PositionIngestService,
    private readonly rateLimit: DeviceRateLimit,
  ) {}

  async ingestByUniqueId(uniqueId: string, fix: Fix): Promise<OsmandIngestResult | undefined> {
    const { rows } = await this.pool.query<{ id: string; officerId: string | null }>(
      'SELECT id, officer_id AS "officerId" FROM devices WHERE unique_id = $1',
      [uniqueId],
    );
    const device = rows[0];
    if (!device) return undefined;
    const wait = this.rateLimit.take(device.id);
    if (wait > 0)
      return { ok: false, status: 429, reason: `too many fixes from this device; retry in ${wait} s` };
    const ack = await this.ingest.ingest(device, [fix]);
    const rejection = ack.rejected[0];
    return rejection ? { ok: false, status: 400, reason: rejection.reason } : { ok: true };
  }
}
