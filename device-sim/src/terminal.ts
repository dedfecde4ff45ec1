// Terminal output: log lines above one live status line (redrawn in place on a terminal, printed
// every few seconds otherwise), with a progress bar for timed runs.
export class Terminal {
  private statusShown = false;
  private lastPlain = 0;

  constructor(
    private readonly interactive: boolean,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly plainEveryMs = 10_000,
  ) {}

  log(line: string): void {
    this.clearStatus();
    this.out.write(`[sim] ${line}\n`);
  }

  status(line: string, progress?: { elapsed: number; total: number }): void {
    const bar = progress ? `${progressBar(progress.elapsed, progress.total)} ` : '';
    if (this.interactive) {
      const width = this.out.columns || 120;
      const text = `${bar}${line}`;
      this.out.write(`\r\x1b[2K${text.length > width - 1 ? text.slice(0, width - 2) + '…' : text}`);
      this.statusShown = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain < this.plainEveryMs) return;
    this.lastPlain = now;
    this.out.write(`[sim] ${bar}${line}\n`);
  }

  /** The last status, kept on screen (or printed) when the run ends. */
  final(line: string): void {
    this.clearStatus();
    this.out.write(`[sim] ${line}\n`);
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.out.write('\r\x1b[2K');
    this.statusShown = false;
  }
}

export function progressBar(elapsed: number, total: number, width = 20): string {
  const share = total > 0 ? Math.min(1, Math.max(0, elapsed / total)) : 1;
  const filled = Math.round(share * width);
  const left = Math.max(0, Math.ceil(total - elapsed));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(share * 100)}% ${formatSeconds(left)} left`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
