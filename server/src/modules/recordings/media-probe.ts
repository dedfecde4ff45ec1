// ffprobe on an uploaded file: is it media at all, in which container, with which codecs, how
// long and how large. ffprobe comes from FFPROBE_PATH or @ffprobe-installer/ffprobe (a static
// binary shipped inside the npm registry, like the recorder's ffmpeg).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { RecordingMediaInfo } from '@fcc/shared';

const require = createRequire(import.meta.url);

export function resolveFfprobe(configured: string | null): string {
  return configured ?? (require('@ffprobe-installer/ffprobe') as { path: string }).path;
}

export type ProbedContainer = 'mp4' | 'webm' | 'matroska';

export type Probe =
  { ok: true; container: ProbedContainer; info: RecordingMediaInfo } | { ok: false; problem: string };

interface FfprobeOutput {
  format?: { format_name?: string; duration?: string };
  streams?: Array<{ codec_type?: string; codec_name?: string; width?: number; height?: number }>;
}

/** Codecs WebM allows; anything else in Matroska is plain Matroska. */
const WEBM_CODECS = new Set(['vp8', 'vp9', 'av1', 'opus', 'vorbis']);

export async function probeMedia(ffprobe: string, file: string, timeoutMs = 60_000): Promise<Probe> {
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(
        ffprobe,
        ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
        { stdio: ['ignore', 'pipe', 'pipe'], signal: AbortSignal.timeout(timeoutMs) },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    },
  );
  if (result.code !== 0)
    return {
      ok: false,
      problem: `ffprobe cannot read it as media: ${result.stderr.trim() || `exit ${result.code}`}`,
    };
  const output = JSON.parse(result.stdout) as FfprobeOutput;
  const streams = output.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === 'video');
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  const format = output.format?.format_name ?? '';
  const seconds = Number(output.format?.duration);
  if (!video && !audio)
    return { ok: false, problem: `it holds no audio or video stream (format ${format || 'unknown'})` };
  if (!Number.isFinite(seconds) || seconds <= 0)
    return { ok: false, problem: `ffprobe finds no duration in it (format ${format})` };
  const codecs = [video?.codec_name, audio?.codec_name].filter((name): name is string => !!name);
  let container: ProbedContainer;
  if (/(^|,)(mp4|mov)(,|$)/.test(format)) container = 'mp4';
  else if (/(^|,)matroska(,|$)/.test(format))
    container = codecs.every((name) => WEBM_CODECS.has(name)) ? 'webm' : 'matroska';
  else return { ok: false, problem: `format ${format} is not accepted; upload MP4, WebM or Matroska` };
  return {
    ok: true,
    container,
    info: {
      format,
      seconds,
      videoCodec: video?.codec_name ? codecLabel(video.codec_name) : null,
      audioCodec: audio?.codec_name ? codecLabel(audio.codec_name) : null,
      width: video?.width ?? null,
      height: video?.height ?? null,
    },
  };
}

/** The names the live recorder uses (VP8, H264, opus), so lists read the same for both sources. */
function codecLabel(name: string): string {
  const known: Record<string, string> = { h264: 'H264', vp8: 'VP8', vp9: 'VP9', hevc: 'H265', av1: 'AV1' };
  return known[name] ?? name;
}
