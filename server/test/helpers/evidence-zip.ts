// Evidence packages in tests: the documented verify command run as a person types it, and the
// entries of a package's zip (where each entry's bytes are, to flip one; one entry's content).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** The documented command, as a person would type it. */
export function npmVerify(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'verify', '--', ...args], { cwd: repoRoot });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** name → [offset of the entry's data, its size] in a zip whose media entries are stored. */
export function entries(
  file: string,
): Promise<Map<string, { dataOffset: number; size: number; method: number }>> {
  return new Promise((resolve, reject) => {
    const found = new Map<string, { dataOffset: number; size: number; method: number }>();
    const raw = fs.readFileSync(file);
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        const header = entry.relativeOffsetOfLocalHeader;
        const nameLength = raw.readUInt16LE(header + 26);
        const extraLength = raw.readUInt16LE(header + 28);
        found.set(entry.fileName, {
          dataOffset: header + 30 + nameLength + extraLength,
          size: entry.compressedSize,
          method: entry.compressionMethod,
        });
        zip.readEntry();
      });
      zip.on('end', () => resolve(found));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

export function readEntry(file: string, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in ${file}`)));
      zip.readEntry();
    });
  });
}
