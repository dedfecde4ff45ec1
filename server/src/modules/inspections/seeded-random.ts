// A reproducible random stream from a text seed: SHA-256 of the seed and a counter, so anyone
// holding the published seed can repeat a draw with any SHA-256 tool, on any platform.
import { createHash } from 'node:crypto';

export class SeededRandom {
  #counter = 0;

  constructor(private readonly seed: string) {}

  /** A uniform number in [0, 1) from the next 48 bits of the stream. */
  next(): number {
    const digest = createHash('sha256').update(`${this.seed}:${this.#counter++}`).digest();
    return digest.readUIntBE(0, 6) / 2 ** 48;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}
