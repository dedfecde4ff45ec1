// One audit row per person, thing and address per window of minutes, for media a screen fetches
// again and again (a player's segments, a case's photo thumbnails): the log keeps who saw what,
// from where and when, without a row per request that nobody could read.
export class AccessWindows {
  /** When the current window of each key began. */
  private readonly windows = new Map<string, number>();
  private readonly windowMs: number;

  constructor(
    readonly windowMinutes: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = windowMinutes * 60_000;
  }

  /**
   * True when this access opens a new window (write its row), false inside an open one. Claimed
   * before the row is written, so accesses arriving together write one row, not one each.
   */
  claim(key: string): boolean {
    const now = this.now();
    for (const [open, startedAt] of this.windows) {
      if (now - startedAt >= this.windowMs) this.windows.delete(open);
    }
    if (this.windows.has(key)) return false;
    this.windows.set(key, now);
    return true;
  }

  /** The row of a claimed window could not be written: the next access must try again. */
  release(key: string): void {
    this.windows.delete(key);
  }
}
