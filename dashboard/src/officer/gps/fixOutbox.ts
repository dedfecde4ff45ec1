// The phone's buffer of fixes the server has not yet acknowledged. Fixes wait here while there
// is no network and leave only when an ack says they are stored; the buffer is saved to the
// phone's storage so that a reload or a killed browser tab loses nothing. The server is
// idempotent by device and fix time, so a batch sent again after a lost ack is harmless.
import { MAX_FIXES_PER_BATCH, type Fix } from '@fcc/shared';

/** About five and a half hours at one fix a second, under 3 MB of localStorage. */
export const OUTBOX_CAPACITY = 20_000;

/** Fixes closer together than this are one fix to us (some phones repeat a fix). */
const MIN_INTERVAL_MS = 1_000;

export interface OutboxStorage {
  load(): Fix[];
  save(fixes: readonly Fix[]): void;
}

export class FixOutbox {
  private fixes: Fix[];
  /** Oldest fixes dropped because the buffer was full. */
  dropped = 0;

  constructor(private readonly storage: OutboxStorage) {
    this.fixes = storage.load();
  }

  get size(): number {
    return this.fixes.length;
  }

  /** Keeps a fix; false when it repeats the newest one (within a second of it). */
  push(fix: Fix): boolean {
    const last = this.fixes.at(-1);
    // Either side: a phone whose clock steps back must not lose every fix until it catches up.
    if (last && Math.abs(Date.parse(fix.fixTime) - Date.parse(last.fixTime)) < MIN_INTERVAL_MS) return false;
    this.fixes.push(fix);
    const over = this.fixes.length - OUTBOX_CAPACITY;
    if (over > 0) {
      this.fixes.splice(0, over);
      this.dropped += over;
    }
    this.storage.save(this.fixes);
    return true;
  }

  /** The oldest fixes, for the next batch; they stay until `stored` removes them. */
  peek(max = MAX_FIXES_PER_BATCH): Fix[] {
    return this.fixes.slice(0, Math.min(max, MAX_FIXES_PER_BATCH));
  }

  /** The server has these (stored now, or earlier): they leave the buffer for good. */
  stored(sent: readonly Fix[]): void {
    const times = new Set(sent.map((fix) => fix.fixTime));
    const before = this.fixes.length;
    this.fixes = this.fixes.filter((fix) => !times.has(fix.fixTime));
    if (this.fixes.length !== before) this.storage.save(this.fixes);
  }
}

/** localStorage, written at most once a second (a phone at 1 Hz must not serialize every fix). */
export function localOutboxStorage(key: string, saveEveryMs = 1_000): OutboxStorage & { close(): void } {
  let pending: readonly Fix[] | null = null;
  let timer: number | null = null;
  const flush = () => {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
    if (pending === null) return;
    try {
      localStorage.setItem(key, JSON.stringify(pending));
    } catch (error) {
      // Storage full or blocked: the fixes are still in memory and go out when the network is back.
      console.warn('Could not save the fix buffer', error);
    }
    pending = null;
  };
  // A tab the phone puts away may never run its timers again: save while we still can.
  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHidden);
  return {
    load() {
      try {
        const saved: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
        return Array.isArray(saved) ? (saved as Fix[]) : [];
      } catch {
        // Unreadable (an older format, or hand-edited): start empty rather than not at all.
        return [];
      }
    },
    save(fixes) {
      pending = fixes.slice();
      timer ??= window.setTimeout(flush, saveEveryMs);
    },
    close() {
      flush();
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
    },
  };
}
