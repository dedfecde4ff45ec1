// RTMP stream keys: one per device, stored as a SHA-256 hash (the key itself is shown once).
import { sql } from 'drizzle-orm';
import type { DeviceKind } from '@fcc/shared';
import type { Database, Executor } from '../../db/client';

export type StreamKeyDevice = {
  id: string;
  kind: DeviceKind;
  name: string;
  officerId: string | null;
};

export class StreamKeysRepository {
  constructor(private readonly db: Database) {}

  /** Replaces the device's key; answers when it was issued. */
  async set(executor: Executor, deviceId: string, keyHash: Buffer): Promise<Date> {
    const { rows } = await executor.execute<{ issuedAt: Date | string }>(sql`
      INSERT INTO device_stream_keys (device_id, key_hash) VALUES (${deviceId}, ${keyHash})
      ON CONFLICT (device_id) DO UPDATE SET key_hash = EXCLUDED.key_hash, issued_at = now()
      RETURNING issued_at AS "issuedAt"`);
    return new Date(rows[0]!.issuedAt);
  }

  /** Answers whether there was a key to revoke. */
  async remove(executor: Executor, deviceId: string): Promise<boolean> {
    const result = await executor.execute(sql`DELETE FROM device_stream_keys WHERE device_id = ${deviceId}`);
    return (result.rowCount ?? 0) > 0;
  }

  async findDevice(keyHash: Buffer): Promise<StreamKeyDevice | undefined> {
    const { rows } = await this.db.execute<StreamKeyDevice>(sql`
      SELECT d.id, d.kind, d.name, d.officer_id AS "officerId"
      FROM device_stream_keys k JOIN devices d ON d.id = k.device_id
      WHERE k.key_hash = ${keyHash}`);
    return rows[0];
  }
}
