// Keeps monthly partitions of positions ahead of the clock, and drops whole months past the
// retention period. Runs at start and then daily.
import type pg from 'pg';
import type { Logger } from 'pino';

const PARTITION_NAME = /^positions_(\d{4})_(\d{2})$/;
const DAY_MS = 86_400_000;

export class PositionPartitions {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly retentionMonths: number | null,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.maintain();
    this.#timer = setInterval(() => {
      this.maintain().catch((error: unknown) =>
        this.log.error({ err: error }, 'partition maintenance failed'),
      );
    }, DAY_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Last month (for late uploads), this month and the next two exist; expired months are gone. */
  async maintain(now = new Date()): Promise<void> {
    for (let offset = -1; offset <= 2; offset += 1) {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
      await this.pool.query('SELECT positions_ensure_month($1::date)', [month.toISOString().slice(0, 10)]);
    }
    if (this.retentionMonths !== null) await this.dropBefore(monthsBefore(now, this.retentionMonths));
  }

  /** Drops monthly partitions that end on or before the cut-off (a month start, UTC). */
  async dropBefore(cutoff: Date): Promise<string[]> {
    const dropped: string[] = [];
    for (const name of await this.monthlyPartitions()) {
      const match = PARTITION_NAME.exec(name)!;
      const end = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
      if (end > cutoff) continue;
      await this.pool.query(`DROP TABLE "${name}"`);
      dropped.push(name);
      this.log.info({ partition: name }, 'dropped positions past retention');
    }
    return dropped;
  }

  async monthlyPartitions(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'positions'::regclass ORDER BY c.relname`,
    );
    return rows.map((row) => row.name).filter((name) => PARTITION_NAME.test(name));
  }
}

function monthsBefore(now: Date, months: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
}
