// The hash chain over a recording's segment index: each entry's chain hash covers the previous
// entry's chain hash and this entry (which includes the file's SHA-256), and the recording
// keeps the last chain hash and the count. So a segment file altered, a row edited, removed
// or moved, or the last rows cut off, all show as the first link that does not check out.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json';

export const GENESIS: Buffer = Buffer.alloc(32);

export interface SegmentEntry {
  recordingId: string;
  seq: number;
  path: string;
  startedAt: string;
  endedAt: string;
  bytes: number;
  sha256: Buffer;
  gapBefore: boolean;
  repaired: boolean;
  note: string | null;
}

export interface ChainedSegment extends SegmentEntry {
  chainHash: Buffer;
}

export function segmentChainHash(previous: Buffer, entry: SegmentEntry): Buffer {
  return createHash('sha256')
    .update(previous)
    .update(
      canonicalJson({
        recordingId: entry.recordingId,
        seq: entry.seq,
        path: entry.path,
        startedAt: entry.startedAt,
        endedAt: entry.endedAt,
        bytes: entry.bytes,
        sha256: entry.sha256.toString('hex'),
        gapBefore: entry.gapBefore,
        repaired: entry.repaired,
        note: entry.note,
      }),
    )
    .digest();
}

export type BrokenLinkProblem =
  'segment-missing' | 'entry-altered' | 'file-missing' | 'file-altered' | 'chain-cut';

export interface BrokenLink {
  seq: number;
  problem: BrokenLinkProblem;
  detail: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Segments whose entry, chain link and file all checked out before the first broken link. */
  checked: number;
  segmentCount: number;
  firstBroken: BrokenLink | null;
}

/** What a file holds now: null when it is gone. */
export type FileHasher = (relativePath: string) => Promise<{ sha256: Buffer; bytes: number } | null>;

/** Walks the index in seq order against the recording's chain head, re-hashing every file. */
export async function verifySegmentChain(
  recording: { segmentCount: number; chainHead: Buffer | null },
  rows: ChainedSegment[],
  hashFile: FileHasher,
): Promise<ChainVerification> {
  const report = (checked: number, firstBroken: BrokenLink | null): ChainVerification => ({
    ok: firstBroken === null,
    checked,
    segmentCount: recording.segmentCount,
    firstBroken,
  });
  let previous = GENESIS;
  for (const [index, row] of rows.entries()) {
    if (row.seq !== index) {
      return report(index, {
        seq: index,
        problem: 'segment-missing',
        detail: `Segment ${index} is missing from the index (the next entry is ${row.seq}).`,
      });
    }
    if (!segmentChainHash(previous, row).equals(row.chainHash)) {
      return report(index, {
        seq: index,
        problem: 'entry-altered',
        detail: `The index entry of segment ${index} does not match its chain hash: it was edited, or moved from another position.`,
      });
    }
    const file = await hashFile(row.path);
    if (!file) {
      return report(index, {
        seq: index,
        problem: 'file-missing',
        detail: `The file of segment ${index} (${row.path}) is gone.`,
      });
    }
    if (!file.sha256.equals(row.sha256) || file.bytes !== row.bytes) {
      return report(index, {
        seq: index,
        problem: 'file-altered',
        detail: `The file of segment ${index} (${row.path}) is not the one recorded: SHA-256 ${file.sha256.toString('hex')}, ${file.bytes} bytes; recorded ${row.sha256.toString('hex')}, ${row.bytes} bytes.`,
      });
    }
    previous = row.chainHash;
  }
  const head = recording.chainHead ?? GENESIS;
  if (rows.length !== recording.segmentCount || !previous.equals(head)) {
    return report(rows.length, {
      seq: rows.length,
      problem: 'chain-cut',
      detail: `The recording holds ${recording.segmentCount} segments and its chain ends at ${head.toString('hex')}, but the index has ${rows.length} ending at ${previous.toString('hex')}: segments at the end were removed.`,
    });
  }
  return report(rows.length, null);
}
