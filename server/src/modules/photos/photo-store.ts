// Photos from officers' devices, kept as files named by their SHA-256: the same picture sent
// twice (a retry after a lost answer) is one file, and a name says exactly which bytes it holds.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PhotoUploaded } from '@fcc/shared';

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
export const PHOTO_NAME = /^[0-9a-f]{64}\.(jpg|png|webp)$/;

export class PhotoStore {
  constructor(private readonly dir: string) {}

  async save(bytes: Buffer, contentType: string): Promise<PhotoUploaded> {
    const extension = EXTENSIONS[contentType];
    if (!extension) throw new Error(`unsupported photo type ${contentType}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const name = `${sha256}.${extension}`;
    await fs.mkdir(this.dir, { recursive: true });
    // Written beside and renamed: a reader never sees half a photo.
    const temporary = path.join(this.dir, `.${name}.${randomBytes(4).toString('hex')}`);
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, path.join(this.dir, name));
    return { ref: `/api/photos/${name}`, bytes: bytes.length, sha256 };
  }

  /** A stored photo's file and type, or null (no such photo, or a name that is not one of ours). */
  async find(name: string): Promise<{ file: string; contentType: string } | null> {
    const match = PHOTO_NAME.exec(name);
    if (!match) return null;
    const file = path.join(this.dir, name);
    try {
      await fs.access(file);
    } catch {
      // Not there: the caller answers 404.
      return null;
    }
    const contentType = Object.keys(EXTENSIONS).find((type) => EXTENSIONS[type] === match[1])!;
    return { file, contentType };
  }
}
