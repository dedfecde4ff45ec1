// The loop a simulated body camera streams: encoded ONCE per officer into a cache folder (then
// only copied, never encoded again: live encoding costs a core), 10 s of 640×360 H.264
// constrained baseline with a keyframe every 2 s, the officer's name and badge burned in, and a
// tone in two audio tracks: Opus for WebRTC, AAC for RTMP (FLV cannot carry Opus).
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runFfmpeg } from './ffmpeg';

export const CLIP_SECONDS = 10;
export const CLIP_FPS = 15;
/** A keyframe every 2 s: new viewers and the recorder's segments start at one. */
export const CLIP_GOP = CLIP_FPS * 2;
/** Bumped whenever the encoding changes, so cached loops are made again. */
const CLIP_VERSION = 2;

/** Fonts tried in order; the CJK ones draw Chinese names, the others only Latin text. */
export const FONT_CANDIDATES: { file: string; cjk: boolean }[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', cjk: true },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', cjk: true },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', cjk: true },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', cjk: true },
  { file: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', cjk: true },
  { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', cjk: false },
  { file: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', cjk: false },
];

const PATTERNS = ['testsrc2', 'smptehdbars', 'rgbtestsrc', 'testsrc'] as const;

export interface ClipSpec {
  /** Who is on it: e.g. the officer's name and badge number. */
  lines: string[];
  /** Picks the test pattern and the tone, so officers differ even without a font. */
  index: number;
  font: { file: string; cjk: boolean } | null;
}

/** The text drawn: lines that need CJK glyphs are left out when the font has none. */
export function drawableLines(spec: ClipSpec): string[] {
  if (!spec.font) return [];
  return spec.font.cjk ? spec.lines : spec.lines.filter((line) => /^[\x20-\x7e]*$/.test(line));
}

/** A path inside a filter argument: the characters ffmpeg's filter parsers treat specially. */
export function escapeFilterPath(file: string): string {
  return file.replace(/[\\:',;[\]=]/g, (c) => `\\${c}`);
}

export function clipArgs(spec: ClipSpec, textFile: string | null, output: string): string[] {
  const pattern = PATTERNS[spec.index % PATTERNS.length]!;
  const toneHz = 330 + (spec.index % 8) * 55;
  const filters = ['format=yuv420p'];
  if (spec.font && textFile) {
    filters.push(
      `drawtext=fontfile=${escapeFilterPath(spec.font.file)}:textfile=${escapeFilterPath(textFile)}` +
        ':fontsize=34:line_spacing=8:fontcolor=white:box=1:boxcolor=black@0.65:boxborderw=10:x=24:y=h-th-28',
    );
  }
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `${pattern}=size=640x360:rate=${CLIP_FPS}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=${toneHz}:sample_rate=48000`],
    ...['-t', String(CLIP_SECONDS), '-vf', filters.join(',')],
    ...['-map', '0:v', '-map', '1:a', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p'],
    ...['-g', String(CLIP_GOP), '-keyint_min', String(CLIP_GOP), '-sc_threshold', '0'],
    ...['-b:v', '180k', '-maxrate', '220k', '-bufsize', '440k'],
    // SPS/PPS before every keyframe: a viewer or recorder joining mid-loop can decode.
    ...['-x264-params', 'repeat-headers=1'],
    ...['-c:a:0', 'libopus', '-b:a:0', '24k', '-ac:a:0', '1'],
    ...['-c:a:1', 'aac', '-b:a:1', '48k', '-ac:a:1', '1'],
    ...['-f', 'matroska', output],
  ];
}

export async function findFont(candidates = FONT_CANDIDATES): Promise<{ file: string; cjk: boolean } | null> {
  for (const candidate of candidates) if (existsSync(candidate.file)) return candidate;
  return null;
}

/** The loop for one camera: from the cache when it is there, else encoded now (a second or two). */
export async function ensureClip(
  ffmpeg: string,
  cacheDir: string,
  name: string,
  spec: ClipSpec,
): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify({ v: CLIP_VERSION, spec }))
    .digest('hex')
    .slice(0, 12);
  const safeName = name.replace(/[^\w.-]/g, '_');
  const file = path.join(cacheDir, `${safeName}-${key}.mkv`);
  if (existsSync(file)) return file;
  await fs.mkdir(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const lines = drawableLines(spec);
  const textFile = lines.length > 0 ? `${partial}.txt` : null;
  try {
    if (textFile) await fs.writeFile(textFile, lines.join('\n'));
    await runFfmpeg(ffmpeg, clipArgs({ ...spec, font: textFile ? spec.font : null }, textFile, partial));
    await fs.rename(partial, file);
  } finally {
    await fs.rm(partial, { force: true });
    if (textFile) await fs.rm(textFile, { force: true });
  }
  return file;
}
