import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS, segmentChainHash, verifySegmentChain, type ChainedSegment } from './segment-chain';

const files = new Map<string, Buffer>();

function chain(count: number): { rows: ChainedSegment[]; head: Buffer } {
  const rows: ChainedSegment[] = [];
  let previous = GENESIS;
  for (let seq = 0; seq < count; seq++) {
    const content = Buffer.from(`segment ${seq}`);
    const path = `rec/r001-${seq}.webm`;
    files.set(path, content);
    const entry = {
      recordingId: 'rec',
      seq,
      path,
      startedAt: new Date(seq * 10_000).toISOString(),
      endedAt: new Date((seq + 1) * 10_000).toISOString(),
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest(),
      gapBefore: seq === 2,
      repaired: false,
      note: null,
    };
    previous = segmentChainHash(previous, entry);
    rows.push({ ...entry, chainHash: previous });
  }
  return { rows, head: previous };
}

const hashFile = async (path: string) => {
  const content = files.get(path);
  return content ? { sha256: createHash('sha256').update(content).digest(), bytes: content.length } : null;
};

describe('verifySegmentChain', () => {
  it('accepts an untouched chain', async () => {
    const { rows, head } = chain(4);
    expect(await verifySegmentChain({ segmentCount: 4, chainHead: head }, rows, hashFile)).toEqual({
      ok: true,
      checked: 4,
      segmentCount: 4,
      firstBroken: null,
    });
  });

  it('names the first broken link for each kind of tampering', async () => {
    const { rows, head } = chain(4);
    const recording = { segmentCount: 4, chainHead: head };
    const first = async (tampered: ChainedSegment[]) =>
      (await verifySegmentChain(recording, tampered, hashFile)).firstBroken;

    expect(await first([rows[0]!, rows[2]!, rows[3]!])).toMatchObject({ seq: 1, problem: 'segment-missing' });
    expect(await first([rows[0]!, { ...rows[2]!, seq: 1 }, { ...rows[1]!, seq: 2 }, rows[3]!])).toMatchObject(
      {
        seq: 1,
        problem: 'entry-altered',
      },
    );
    expect(
      await first([rows[0]!, { ...rows[1]!, endedAt: new Date(0).toISOString() }, ...rows.slice(2)]),
    ).toMatchObject({
      seq: 1,
      problem: 'entry-altered',
    });
    expect(await first(rows.slice(0, 3))).toMatchObject({ seq: 3, problem: 'chain-cut' });

    files.set(rows[2]!.path, Buffer.from('segment X'));
    expect(await first(rows)).toMatchObject({ seq: 2, problem: 'file-altered' });
    files.delete(rows[2]!.path);
    expect(await first(rows)).toMatchObject({ seq: 2, problem: 'file-missing' });
  });
});
