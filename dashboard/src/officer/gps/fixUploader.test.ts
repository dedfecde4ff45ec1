import type { Fix, FixBatchAck } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { FixOutbox } from './fixOutbox';
import { FixUploader } from './fixUploader';

const fix = (seconds: number): Fix => ({
  fixTime: new Date(Date.UTC(2026, 10, 23, 8) + seconds * 1000).toISOString(),
  lat: 40.8,
  lon: 111.6,
});
const ack = (fixes: Fix[]): FixBatchAck => ({
  stored: fixes.length,
  duplicates: 0,
  outliers: 0,
  rejected: [],
});
const memory = () => ({ load: () => [], save: () => undefined });

describe('FixUploader', () => {
  it('delivers every fix exactly once, in order, across failures and a lost ack', async () => {
    const outbox = new FixOutbox(memory());
    const server = new Map<string, number>();
    let calls = 0;
    const uploader = new FixUploader(outbox, async (fixes) => {
      calls++;
      if (calls === 1) throw new Error('offline');
      for (const f of fixes) server.set(f.fixTime, (server.get(f.fixTime) ?? 0) + 1);
      // The ack is lost on the second call: the server stored them, the phone does not know.
      if (calls === 2) throw new Error('no ack within 10 s');
      return ack(fixes);
    });
    for (let s = 0; s < 700; s++) outbox.push(fix(s));

    expect(await uploader.flush()).toMatchObject({ ok: false, sent: 0 });
    expect(await uploader.flush()).toMatchObject({ ok: false, sent: 0 });
    expect(outbox.size).toBe(700);
    expect(await uploader.flush()).toEqual({ ok: true, sent: 700 });
    expect(outbox.size).toBe(0);
    // Resent after the lost ack, so stored twice by the phone's count; the server keys by fix time.
    expect(server.size).toBe(700);
  });

  it('sends at most one batch at a time', async () => {
    const outbox = new FixOutbox(memory());
    let inFlight = 0;
    let most = 0;
    const uploader = new FixUploader(outbox, async (fixes) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return ack(fixes);
    });
    for (let s = 0; s < 1200; s++) outbox.push(fix(s));
    const [a, b] = await Promise.all([uploader.flush(), uploader.flush()]);
    expect(a).toEqual({ ok: true, sent: 1200 });
    expect(b).toBe(a);
    expect(most).toBe(1);
  });
});
