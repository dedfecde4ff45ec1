// Devices in the fleet and their API tokens (stored as hashes).
import { asc, eq, isNotNull, sql, and } from 'drizzle-orm';
import type { DeviceKind } from '@fcc/shared';
import type { Database, Executor } from '../../db/client';
import { devices } from '../../db/schema';

const deviceColumns = {
  id: devices.id,
  kind: devices.kind,
  name: devices.name,
  uniqueId: devices.uniqueId,
  officerId: devices.officerId,
  tokenIssuedAt: devices.tokenIssuedAt,
  hasToken: sql<boolean>`${devices.tokenHash} IS NOT NULL`,
};

export type DeviceRow = {
  id: string;
  kind: DeviceKind;
  name: string;
  uniqueId: string;
  officerId: string | null;
  tokenIssuedAt: Date | null;
  hasToken: boolean;
};

export class DevicesRepository {
  constructor(private readonly db: Database) {}

  list(): Promise<DeviceRow[]> {
    return this.db.select(deviceColumns).from(devices).orderBy(asc(devices.uniqueId));
  }

  async findById(executor: Executor, id: string): Promise<DeviceRow | undefined> {
    const [row] = await executor.select(deviceColumns).from(devices).where(eq(devices.id, id));
    return row;
  }

  async findByTokenHash(tokenHash: Buffer): Promise<DeviceRow | undefined> {
    const [row] = await this.db
      .select(deviceColumns)
      .from(devices)
      .where(and(isNotNull(devices.tokenHash), eq(devices.tokenHash, tokenHash)));
    return row;
  }

  async insert(
    executor: Executor,
    device: { kind: DeviceKind; name: string; uniqueId: string; officerId: string | null },
  ): Promise<DeviceRow> {
    const [row] = await executor.insert(devices).values(device).returning(deviceColumns);
    return row!;
  }

  async update(
    executor: Executor,
    id: string,
    changes: { name?: string; officerId?: string | null },
  ): Promise<DeviceRow | undefined> {
    const [row] = await executor
      .update(devices)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(devices.id, id))
      .returning(deviceColumns);
    return row;
  }

  /** Replaces any previous token: a device has at most one. */
  async setToken(executor: Executor, id: string, tokenHash: Buffer | null): Promise<DeviceRow | undefined> {
    const [row] = await executor
      .update(devices)
      .set({ tokenHash, tokenIssuedAt: tokenHash ? sql`now()` : null, updatedAt: sql`now()` })
      .where(eq(devices.id, id))
      .returning(deviceColumns);
    return row;
  }
}
