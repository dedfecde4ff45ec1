// The recording of one stream, from its first packet to its end: a PacketSink on the relay that
// feeds one ffmpeg run per continuous publisher (a publisher that drops and comes back starts
// the next run, whose first segment is marked gapBefore), and indexes every finished segment
// (SHA-256, size, time range, chain) in the order the runs wrote them.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { MediaKind, PacketSink } from '../media/relay-stream';
import type { StreamRelay } from '../media/stream-relay';
import type { RecordingsRepository } from './recordings-repository';
import { SegmentRun, type CompletedFile } from './segment-run';

export interface RecordingDeps {
  repository: RecordingsRepository;
  ffmpeg: string;
  /** Root folder of all recordings. */
  root: string;
  segmentSeconds: number;
  log: Logger;
  onSegment?: (recordingId: string, seq: number) => void;
}

interface ActiveRun {
  run: SegmentRun;
  no: number;
  gapBefore: boolean;
  /** Resolves when every segment this run reported so far is indexed. */
  tail: Promise<void>;
  segments: number;
}

/** After ffmpeg failed to start, wait this long before trying again. */
const RETRY_MS = 2000;
const TICK_MS = 250;

export const runPrefix = (run: number) => `r${String(run).padStart(3, '0')}`;

export class StreamRecording implements PacketSink {
  private current: ActiveRun | null = null;
  private last: ActiveRun | null = null;
  private runs = 0;
  private gapPending = false;
  private closed = false;
  private retryAt = 0;
  private nextBoundary = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly created: Promise<void>;
  readonly dir: string;

  constructor(
    readonly id: string,
    private readonly relay: StreamRelay,
    created: Promise<unknown>,
    private readonly deps: RecordingDeps,
  ) {
    this.dir = path.join(deps.root, id);
    this.created = created.then(() => undefined);
    // A failed insert leaves nothing to record into; the packets are dropped.
    this.created.catch((error: unknown) => {
      deps.log.error({ err: error, recordingId: id }, 'could not create the recording row');
      this.closed = true;
    });
    this.timer = setInterval(() => this.tick(), TICK_MS);
    relay.addSink(this);
  }

  packet(kind: MediaKind, rtp: Buffer): void {
    if (this.closed) return;
    if (!this.current) {
      if (Date.now() < this.retryAt) return;
      this.startRun();
    }
    this.current!.run.packet(kind, rtp);
  }

  /** The publisher changed: this run ends; the next packets start a new run after a gap. */
  sourceChanged(): void {
    this.gapPending = true;
    const ending = this.current;
    this.current = null;
    if (ending) void ending.run.stop();
  }

  /** Stops ffmpeg (finishing its segment), indexes what is left and closes the row. */
  async close(reason: string): Promise<void> {
    if (this.closed && !this.last) return;
    this.closed = true;
    clearInterval(this.timer);
    this.relay.removeSink(this);
    const last = this.last;
    this.current = null;
    this.last = null;
    await this.created.catch(() => undefined);
    if (last) {
      await last.run.stop();
      await last.tail;
    }
    await this.deps.repository.close(this.id, new Date(), reason);
    this.deps.log.info({ recordingId: this.id, reason }, 'recording closed');
  }

  private startRun(): void {
    const no = ++this.runs;
    const previous = this.last;
    const run = new SegmentRun({
      ffmpeg: this.deps.ffmpeg,
      dir: this.dir,
      prefix: runPrefix(no),
      codecs: this.relay.codecs,
      segmentSeconds: this.deps.segmentSeconds,
      log: this.deps.log.child({ recordingId: this.id, run: no }),
    });
    const active: ActiveRun = {
      run,
      no,
      gapBefore: no > 1 || this.gapPending,
      // Segments of this run are indexed after every segment of the run before it.
      tail: previous ? previous.run.exited.then(() => previous.tail) : this.created,
      segments: 0,
    };
    this.gapPending = false;
    this.current = this.last = active;
    this.nextBoundary = 0;
    run.on('segment', (file) => {
      active.tail = active.tail.then(() => this.index(active, file));
    });
    void run.exited.then(() => {
      // ffmpeg ended by itself (no packets for 10 s, or it failed): the next packet starts a run.
      if (this.current === active) {
        this.current = null;
        this.gapPending = true;
      }
    });
    const started = run.start();
    void Promise.all([started, this.created, new Promise<Date>((resolve) => run.once('anchored', resolve))])
      .then(([, , anchoredAt]) => this.deps.repository.startRun(this.id, no, anchoredAt, run.pid))
      .catch(() => undefined);
    started.catch((error: unknown) => {
      this.deps.log.error({ err: error, recordingId: this.id, run: no }, 'recorder could not start ffmpeg');
      void run.stop(0);
      if (this.current === active) this.current = null;
      this.retryAt = Date.now() + RETRY_MS;
    });
    this.relay.requestKeyframe('recording started');
  }

  /**
   * Until the run has its first keyframe, keep asking; then ask once per segment length, so a
   * publisher that sends keyframes only on request (browsers) still gets segments of that length.
   */
  private tick(): void {
    const active = this.current;
    if (!active) return;
    const anchoredAt = active.run.anchoredAt;
    if (!anchoredAt) {
      this.relay.requestKeyframe('recording waits for a keyframe');
      return;
    }
    const elapsed = (Date.now() - anchoredAt.getTime()) / 1000;
    if (this.nextBoundary === 0) this.nextBoundary = this.deps.segmentSeconds;
    if (elapsed >= this.nextBoundary) {
      this.nextBoundary += this.deps.segmentSeconds;
      this.relay.requestKeyframe('recording segment boundary');
    }
  }

  private async index(active: ActiveRun, file: CompletedFile): Promise<void> {
    const anchoredAt = active.run.anchoredAt;
    try {
      if (!anchoredAt) throw new Error('segment before the first packet');
      const { sha256, bytes } = await hashFile(path.join(this.dir, file.name));
      const at = (seconds: number) =>
        new Date(anchoredAt.getTime() + Math.round(seconds * 1000)).toISOString();
      const segment = await this.deps.repository.appendSegment(this.id, {
        path: `${this.id}/${file.name}`,
        startedAt: at(file.startSeconds),
        endedAt: at(file.endSeconds),
        bytes,
        sha256,
        gapBefore: active.segments === 0 && active.gapBefore,
        repaired: false,
        note: null,
      });
      active.segments += 1;
      this.deps.onSegment?.(this.id, segment.seq);
    } catch (error) {
      this.deps.log.error({ err: error, recordingId: this.id, file: file.name }, 'segment not indexed');
    }
  }
}

export function hashFile(file: string): Promise<{ sha256: Buffer; bytes: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    fs.createReadStream(file)
      .on('data', (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest(), bytes }));
  });
}
