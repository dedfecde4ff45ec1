// After the server stopped without closing its recordings (kill -9, power loss): every
// recording still open is finished from what is on disk. Its ffmpeg, if it outlived the server,
// is asked to finish first. Files the index does not have yet are found by their predictable
// names (r<run>-<n>, n counting on from the run's last indexed file, never by listing folders),
// checked by decoding them, indexed when whole, remuxed when unfinished, and the recording is
// closed with the reason and what was done.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { checkMedia, remux } from './ffmpeg-tools';
import type { RecordingRow, RecordingsRepository } from './recordings-repository';
import { hashFile, runPrefix } from './stream-recording';

const ORPHAN_GRACE_MS = 12_000;

export interface RecoveryDeps {
  repository: RecordingsRepository;
  ffmpeg: string;
  root: string;
  log: Logger;
}

export async function recoverOpenRecordings(deps: RecoveryDeps): Promise<number> {
  const open = await deps.repository.listOpen();
  for (const recording of open) {
    try {
      await recoverRecording(deps, recording);
    } catch (error) {
      deps.log.error({ err: error, recordingId: recording.id }, 'recording could not be recovered');
    }
  }
  return open.length;
}

async function recoverRecording(deps: RecoveryDeps, recording: RecordingRow): Promise<void> {
  const { repository, root, log } = deps;
  const dir = path.join(root, recording.id);
  if (recording.recorderPid !== null) await finishOrphan(recording.recorderPid, dir, log);

  const extension = recording.container === 'matroska' ? 'mkv' : 'webm';
  const indexed = await repository.segments(recording.id);
  const notes: string[] = [];
  let added = 0;
  let lastEnd = indexed.at(-1)?.endedAt ?? null;
  for (let run = 1; run <= recording.run; run++) {
    const prefix = `${recording.id}/${runPrefix(run)}-`;
    const ofRun = indexed.filter((segment) => segment.path.startsWith(prefix));
    let start =
      ofRun.at(-1)?.endedAt ??
      (run === recording.run ? recording.runStartedAt : null) ??
      lastEnd ??
      recording.startedAt;
    for (let n = ofRun.length; ; n++) {
      const name = `${runPrefix(run)}-${String(n).padStart(5, '0')}.${extension}`;
      const file = path.join(dir, name);
      if (!(await exists(file))) break;
      const outcome = await recoverFile(deps, file);
      if (!outcome) {
        const { bytes, sha256 } = await hashFile(file);
        notes.push(
          `${name} (${bytes} bytes, SHA-256 ${sha256.toString('hex')}) held no readable media and was not indexed`,
        );
        continue;
      }
      const startedAt = new Date(start);
      const endedAt = new Date(startedAt.getTime() + Math.round(outcome.seconds * 1000));
      await repository.appendSegment(recording.id, {
        path: `${recording.id}/${path.basename(outcome.file)}`,
        startedAt: startedAt.toISOString(),
        endedAt: endedAt.toISOString(),
        bytes: outcome.bytes,
        sha256: outcome.sha256,
        gapBefore: n === 0 && run > 1,
        repaired: outcome.repairedFrom !== null,
        note: outcome.repairedFrom
          ? `The server stopped while this segment was being written; remuxed from the unfinished ${name} ` +
            `(${outcome.repairedFrom.bytes} bytes, SHA-256 ${outcome.repairedFrom.sha256}), kept beside it. ` +
            'Times estimated from the media duration.'
          : 'Indexed at restart after the server stopped unexpectedly; times estimated from the media duration.',
      });
      added += 1;
      if (outcome.repairedFrom) notes.push(`${name} was unfinished and was repaired`);
      start = endedAt.toISOString();
      lastEnd = start;
    }
  }
  const reason =
    'The server stopped unexpectedly while recording; closed at restart' +
    (added > 0 ? `; ${added} segment(s) found on disk were indexed` : '') +
    (notes.length > 0 ? `; ${notes.join('; ')}` : '') +
    '.';
  await repository.close(recording.id, lastEnd ?? recording.startedAt, reason);
  log.warn({ recordingId: recording.id, added, notes }, 'recording recovered after an unclean stop');
}

interface Recovered {
  file: string;
  seconds: number;
  bytes: number;
  sha256: Buffer;
  repairedFrom: { bytes: number; sha256: string } | null;
}

async function recoverFile(deps: RecoveryDeps, file: string): Promise<Recovered | null> {
  const check = await checkMedia(deps.ffmpeg, file);
  // A Matroska file ffmpeg was killed in the middle of still decodes up to where it stops, but
  // lacks its index (Cues) and final sizes: it is remuxed into a finished file, the original kept.
  if (check.playable && check.seconds > 0 && (await hasMatroskaCues(file)))
    return { file, seconds: check.seconds, ...(await hashFile(file)), repairedFrom: null };
  const original = await hashFile(file);
  const extension = path.extname(file);
  const repaired = `${file.slice(0, -extension.length)}.repaired${extension}`;
  if (!(await remux(deps.ffmpeg, file, repaired))) return null;
  const after = await checkMedia(deps.ffmpeg, repaired);
  if (after.seconds <= 0) {
    await fs.rm(repaired, { force: true });
    return null;
  }
  return {
    file: repaired,
    seconds: after.seconds,
    ...(await hashFile(repaired)),
    repairedFrom: { bytes: original.bytes, sha256: original.sha256.toString('hex') },
  };
}

/**
 * An ffmpeg of ours that outlived the server (its parent) still holds the last segment. With
 * no packets it finishes the segment and exits within 10 s; SIGINT asks for the same. Only a
 * process whose command line names this recording's folder is touched (pids get reused).
 */
async function finishOrphan(pid: number, dir: string, log: Logger): Promise<void> {
  const isOurs = async () => {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    return cmdline.includes(dir);
  };
  if (!(await isOurs())) return;
  log.warn({ pid, dir }, 'ffmpeg of an unfinished recording still running; asking it to finish');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + ORPHAN_GRACE_MS;
  while (await isOurs()) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      log.warn({ pid }, 'ffmpeg did not finish in time; killed');
      await new Promise((resolve) => setTimeout(resolve, 200));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const CUES_ID = Buffer.from([0x1c, 0x53, 0xbb, 0x6b]);
/**
 * ffmpeg writes the Cues element last, when it finishes a file: a Cues element that ends within
 * a few KiB of the end of the file (a SeekHead may follow). The SeekHead at the start names the
 * Cues ID too, which is why the element's size is checked and not just its ID.
 */
async function hasMatroskaCues(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 256 * 1024);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    for (let at = tail.lastIndexOf(CUES_ID); at >= 0; at = at > 0 ? tail.lastIndexOf(CUES_ID, at - 1) : -1) {
      const element = readEbmlSize(tail, at + CUES_ID.length);
      if (!element) continue;
      const end = at + CUES_ID.length + element.length + element.value;
      if (element.value > 0 && end <= length && length - end < 4096) return true;
    }
    return false;
  } finally {
    await handle.close();
  }
}

/** An EBML variable-size integer: its value and how many bytes it took. */
function readEbmlSize(buffer: Buffer, offset: number): { value: number; length: number } | null {
  const first = buffer[offset];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > 8 || offset + length > buffer.length) return null;
  let value = first & (0xff >> length);
  for (let index = 1; index < length; index++) value = value * 256 + buffer[offset + index]!;
  return { value, length };
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
