// A reproducible random stream from a text seed: SHA-256 of the seed and a counter, so anyone
// holding a published seed can repeat a draw with any SHA-256 tool, on any platform.
import { createHash } from 'node:crypto';
import { randomFrom, type Random } from '../../lib/seeded-random';

export function publishableRandom(seed: string): Random {
  let counter = 0;
  return randomFrom(() => {
    const digest = createHash('sha256').update(`${seed}:${counter++}`).digest();
    return digest.readUIntBE(0, 6) / 2 ** 48; // the next 48 bits, uniform in [0, 1)
  });
}
