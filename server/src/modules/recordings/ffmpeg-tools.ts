// ffmpeg as the recorder uses it besides recording: where it is, whether a segment file plays to
// its end (and how long it is), and remuxing a truncated file into a playable one.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** FFMPEG_PATH when set, else the static ffmpeg shipped by @ffmpeg-installer/ffmpeg. */
export function resolveFfmpeg(configured: string | null): string {
  return configured ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runFfmpeg(ffmpeg: string, args: string[], timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-nostdin', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: AbortSignal.timeout(timeoutMs),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface MediaCheck {
  /** Decodes from start to end without an error. */
  playable: boolean;
  /** Media duration read (seconds); 0 when nothing could be read. */
  seconds: number;
  /** ffmpeg's complaints, when not playable. */
  errors: string;
}

/** Decodes the whole file (video and audio) and reports whether that went without errors. */
export async function checkMedia(ffmpeg: string, file: string): Promise<MediaCheck> {
  const result = await runFfmpeg(ffmpeg, [
    '-v',
    'error',
    '-i',
    file,
    '-f',
    'null',
    '-progress',
    'pipe:1',
    '-',
  ]);
  const times = [...result.stdout.matchAll(/^out_time_us=(\d+)$/gm)].map((match) => Number(match[1]));
  const seconds = times.length > 0 ? Math.max(...times) / 1e6 : 0;
  const errors = decoderErrors(result.stderr);
  return { playable: result.code === 0 && errors === '', seconds, errors };
}

/**
 * ffmpeg's complaints about the file, without those of the null output used to decode it
 * (frames of equal timestamps at Matroska's millisecond resolution make it grumble about dts).
 */
function decoderErrors(stderr: string): string {
  const kept: string[] = [];
  let skipping = false;
  for (const line of stderr.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s*Last message repeated/.test(line)) {
      if (!skipping) kept.push(line);
      continue;
    }
    skipping = line.startsWith('[null @');
    if (!skipping) kept.push(line);
  }
  return kept.join('\n');
}

/** Copies whatever packets can be read from `source` into a new, properly finished file. */
export async function remux(ffmpeg: string, source: string, target: string): Promise<boolean> {
  const result = await runFfmpeg(ffmpeg, [
    '-v',
    'error',
    '-y',
    '-i',
    source,
    '-map',
    '0',
    '-c',
    'copy',
    target,
  ]);
  return result.code === 0;
}
