// The bytes of case photos and documents, kept as files named by their SHA-256
// (DATA_DIR/case-files/ab/abcd…): the same document added to two cases is stored once, and a name
// says exactly which bytes it holds. Nothing here ever deletes a kept file: detaching a file from
// a case only hides it from the case.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type Received =
  | { tooLarge: true }
  | {
      tooLarge: false;
      /** Where the bytes wait until kept (or discarded). */
      temporary: string;
      sha256: Buffer;
      bytes: number;
      /** The first bytes, for checking the type. */
      head: Buffer;
    };

export class CaseFileStore {
  constructor(private readonly dir: string) {}

  /**
   * Streams a request body into a temporary file while hashing it. Beyond `maxBytes` the rest is
   * read and dropped (answering before the body is read would cut the connection under the
   * sender, who then sees a network error instead of the 413).
   */
  async receive(body: Readable, maxBytes: number, headBytes: number): Promise<Received> {
    await fsp.mkdir(this.dir, { recursive: true });
    const temporary = path.join(this.dir, `.incoming-${randomUUID()}`);
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLength = 0;
    let bytes = 0;
    let tooLarge = false;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (tooLarge) return callback();
        bytes += chunk.length;
        if (bytes > maxBytes) {
          tooLarge = true;
          return callback();
        }
        hash.update(chunk);
        if (headLength < headBytes) {
          head.push(chunk.subarray(0, headBytes - headLength));
          headLength += Math.min(chunk.length, headBytes - headLength);
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, fs.createWriteStream(temporary, { flags: 'wx' }));
    } catch (error) {
      await this.discard(temporary);
      throw error;
    }
    if (tooLarge) {
      await this.discard(temporary);
      return { tooLarge: true };
    }
    return { tooLarge: false, temporary, sha256: hash.digest(), bytes, head: Buffer.concat(head) };
  }

  /** Moves received bytes to their content address; the same bytes kept before stay as they were. */
  async keep(temporary: string, sha256: Buffer): Promise<void> {
    const file = this.file(sha256);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    if (await exists(file)) return this.discard(temporary); // the same bytes, kept before
    await fsp.rename(temporary, file);
  }

  async discard(temporary: string): Promise<void> {
    await fsp.rm(temporary, { force: true });
  }

  file(sha256: Buffer | string): string {
    const hex = typeof sha256 === 'string' ? sha256 : sha256.toString('hex');
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`not a SHA-256: ${hex}`);
    return path.join(this.dir, hex.slice(0, 2), hex);
  }

  has(sha256: string): Promise<boolean> {
    return exists(this.file(sha256));
  }

  /** The stored file's SHA-256 and size, or null when it is missing. */
  async hash(sha256: string): Promise<{ sha256: string; bytes: number } | null> {
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      for await (const chunk of fs.createReadStream(this.file(sha256)) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        bytes += chunk.length;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return { sha256: hash.digest('hex'), bytes };
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.access(file);
    return true;
  } catch {
    // Not there yet: the caller moves the bytes in.
    return false;
  }
}
