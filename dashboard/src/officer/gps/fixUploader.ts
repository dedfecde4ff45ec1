// Empties the fix buffer towards the server one batch at a time, oldest first. A batch leaves the
// buffer only when the server's ack arrives; on any failure the rest waits for the next flush.
import type { Fix, FixBatchAck } from '@fcc/shared';
import type { FixOutbox } from './fixOutbox';

export type SendFixes = (fixes: Fix[]) => Promise<FixBatchAck>;

export type FlushResult = { ok: true; sent: number } | { ok: false; sent: number; error: unknown };

export class FixUploader {
  private running: Promise<FlushResult> | null = null;

  constructor(
    private readonly outbox: FixOutbox,
    private readonly send: SendFixes,
  ) {}

  /** One flush at a time: a call during a flush joins it (no batch is ever sent twice at once). */
  flush(): Promise<FlushResult> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<FlushResult> {
    let sent = 0;
    while (this.outbox.size > 0) {
      const batch = this.outbox.peek();
      try {
        await this.send(batch);
      } catch (error) {
        return { ok: false, sent, error };
      }
      // Rejected fixes (invalid) leave too: the server will never take them.
      this.outbox.stored(batch);
      sent += batch.length;
    }
    return { ok: true, sent };
  }
}
