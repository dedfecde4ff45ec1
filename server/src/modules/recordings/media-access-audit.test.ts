// The windowing of media-access audit rows, with a recording audit service standing in for the log.
import { describe, expect, it } from 'vitest';
import type { AuditEvent, AuditService } from '../audit/audit-service';
import type { UserPrincipal } from '../auth/principal';
import { MEDIA_VIEW_WINDOW_MINUTES, MediaAccessAudit } from './media-access-audit';

const person = (id: string): UserPrincipal => ({
  kind: 'user',
  sessionId: 's',
  user: { id, username: id, displayName: id, role: 'supervisor', officerId: null },
});

function setUp() {
  const rows: AuditEvent[] = [];
  let now = 1_000_000;
  const audit = { record: async (_db: unknown, _actor: unknown, event: AuditEvent) => void rows.push(event) };
  const access = new MediaAccessAudit(audit as unknown as AuditService, {} as never, () => now);
  const request = { recordingId: 'r1', seq: 0, range: null, bytes: 100, download: false };
  return { rows, access, request, advance: (ms: number) => (now += ms) };
}

describe('MediaAccessAudit', () => {
  it('writes one row per person, recording and address in a window, however many segments are fetched', async () => {
    const { rows, access, request } = setUp();
    await Promise.all([0, 1, 2].map((seq) => access.served(person('a'), '10.0.0.1', { ...request, seq })));
    await access.served(person('a'), '10.0.0.1', { ...request, seq: 3, range: 'bytes=0-' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'recording.media-viewed', targetId: 'r1', details: { seq: 0 } });
    await access.served(person('b'), '10.0.0.1', request);
    await access.served(person('a'), '10.0.0.2', request);
    await access.served(person('a'), '10.0.0.1', { ...request, recordingId: 'r2' });
    expect(rows).toHaveLength(4);
  });

  it('writes a new row once the window has passed', async () => {
    const { rows, access, request, advance } = setUp();
    await access.served(person('a'), null, request);
    advance(MEDIA_VIEW_WINDOW_MINUTES * 60_000 - 1);
    await access.served(person('a'), null, request);
    expect(rows).toHaveLength(1);
    advance(1);
    await access.served(person('a'), null, request);
    expect(rows).toHaveLength(2);
  });

  it('writes every download', async () => {
    const { rows, access, request } = setUp();
    await access.served(person('a'), null, { ...request, download: true });
    await access.served(person('a'), null, { ...request, download: true });
    expect(rows.map((row) => row.action)).toEqual([
      'recording.media-downloaded',
      'recording.media-downloaded',
    ]);
  });
});
