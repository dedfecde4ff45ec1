// The replay's one clock is wall-clock time (epoch ms). These pure helpers map it to what is
// shown: the position on the track (interpolated between fixes) and the segment of video that
// covers it, with the offset into that segment's file.
import type { Replay, ReplayRecording, ReplaySegment } from '@fcc/shared';

export interface TrackPosition {
  lon: number;
  lat: number;
  /** The fix at or before the time (index into the track), -1 before the first. */
  fixIndex: number;
}

/** Where the officer was at `timeMs`: between two fixes, in proportion to the time between them. */
export function positionAt(track: Replay['track'], timeMs: number): TrackPosition | null {
  const { times, coordinates } = track;
  if (times.length === 0) return null;
  if (timeMs <= times[0]!)
    return { lon: coordinates[0]![0], lat: coordinates[0]![1], fixIndex: timeMs < times[0]! ? -1 : 0 };
  const last = times.length - 1;
  if (timeMs >= times[last]!)
    return { lon: coordinates[last]![0], lat: coordinates[last]![1], fixIndex: last };
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (times[middle]! <= timeMs) low = middle;
    else high = middle;
  }
  const share = (timeMs - times[low]!) / (times[high]! - times[low]!);
  const [lon0, lat0] = coordinates[low]!;
  const [lon1, lat1] = coordinates[high]!;
  return { lon: lon0 + (lon1 - lon0) * share, lat: lat0 + (lat1 - lat0) * share, fixIndex: low };
}

export interface SegmentRef {
  recording: ReplayRecording;
  segment: ReplaySegment;
  startMs: number;
  endMs: number;
}

/** Every playable segment of the replay in time order (media deleted by retention left out). */
export function playableSegments(recordings: readonly ReplayRecording[]): SegmentRef[] {
  return recordings
    .filter((recording) => recording.mediaDeletedAt === null)
    .flatMap((recording) =>
      recording.segments.map((segment) => ({
        recording,
        segment,
        startMs: Date.parse(segment.startedAt),
        endMs: Date.parse(segment.endedAt),
      })),
    )
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

/** The segment covering `timeMs` (the later one where two recordings overlap), or null in a gap. */
export function segmentAt(segments: readonly SegmentRef[], timeMs: number): SegmentRef | null {
  let found: SegmentRef | null = null;
  for (const ref of segments) {
    if (ref.startMs > timeMs) break;
    if (timeMs < ref.endMs) found = ref;
  }
  return found;
}

/** The first segment starting after `timeMs`, to jump to at the end of a gap. */
export function nextSegment(segments: readonly SegmentRef[], timeMs: number): SegmentRef | null {
  return segments.find((ref) => ref.startMs > timeMs) ?? null;
}

export const REPLAY_SPEEDS = [1, 2, 4, 8, 16] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
