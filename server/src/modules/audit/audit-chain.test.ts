import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, verifyChain, type ChainedRow } from './audit-chain';

const firstBrokenLink = async (rows: ChainedRow[]) => (await verifyChain(rows)).firstBrokenId;

function buildChain(count: number): ChainedRow[] {
  const rows: ChainedRow[] = [];
  let prevHash: Buffer = GENESIS_HASH;
  for (let id = 1; id <= count; id++) {
    const content = {
      at: new Date(Date.UTC(2026, 10, 23, 3, 0, id)),
      actor: 'admin',
      actorUserId: null,
      actorDeviceId: null,
      action: 'officer.created',
      targetType: 'officer',
      targetId: `officer-${id}`,
      ip: '127.0.0.1',
      details: { badgeNo: `04010${id}`, nested: { b: 2, a: 1 } },
    };
    const hash = chainHash(prevHash, content);
    rows.push({ id, ...content, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('accepts an untouched chain', async () => {
    expect(await firstBrokenLink(buildChain(5))).toBeNull();
  });

  it('names the row whose content was edited', async () => {
    const rows = buildChain(5);
    rows[2]!.details = { badgeNo: 'forged' };
    expect(await firstBrokenLink(rows)).toBe(3);
  });

  it('names the row after a removed one', async () => {
    const rows = buildChain(5);
    rows.splice(1, 1);
    expect(await firstBrokenLink(rows)).toBe(3);
  });

  it('detects two rows swapped', async () => {
    const rows = buildChain(5);
    [rows[1], rows[2]] = [rows[2]!, rows[1]!];
    expect(await firstBrokenLink(rows)).toBe(3);
  });

  it('does not depend on the key order of details', async () => {
    const rows = buildChain(2);
    rows[1]!.details = { nested: { a: 1, b: 2 }, badgeNo: '040102' };
    expect(await firstBrokenLink(rows)).toBeNull();
  });
});
