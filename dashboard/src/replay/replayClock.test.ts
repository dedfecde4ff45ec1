import type { ReplayRecording } from '@fcc/shared';
import { describe, expect, it } from 'vitest';
import { nextSegment, playableSegments, positionAt, segmentAt } from './replayClock';

const track = {
  fixCount: 3,
  times: [1_000, 2_000, 4_000],
  coordinates: [
    [111.0, 40.0],
    [111.1, 40.2],
    [111.3, 40.2],
  ] as Array<[number, number]>,
};

describe('positionAt', () => {
  it('interpolates between the fixes around the time', () => {
    expect(positionAt(track, 1_500)).toMatchObject({ fixIndex: 0 });
    expect(positionAt(track, 1_500)!.lon).toBeCloseTo(111.05, 10);
    expect(positionAt(track, 1_500)!.lat).toBeCloseTo(40.1, 10);
    expect(positionAt(track, 3_000)!.lon).toBeCloseTo(111.2, 10);
    expect(positionAt(track, 2_000)).toEqual({ lon: 111.1, lat: 40.2, fixIndex: 1 });
  });

  it('holds the first and last fix outside the track, and is null without fixes', () => {
    expect(positionAt(track, 0)).toEqual({ lon: 111.0, lat: 40.0, fixIndex: -1 });
    expect(positionAt(track, 9_000)).toEqual({ lon: 111.3, lat: 40.2, fixIndex: 2 });
    expect(positionAt({ fixCount: 0, times: [], coordinates: [] }, 1)).toBeNull();
  });
});

const at = (seconds: number) => new Date(seconds * 1000).toISOString();
const recording = (id: string, spans: Array<[number, number]>, mediaDeletedAt: string | null = null) =>
  ({
    id,
    mediaDeletedAt,
    segments: spans.map(([from, to], seq) => ({
      seq,
      startedAt: at(from),
      endedAt: at(to),
      bytes: 1,
      gapBefore: false,
      url: `/${id}/${seq}`,
    })),
  }) as unknown as ReplayRecording;

describe('segments', () => {
  const segments = playableSegments([
    recording('b', [[30, 40]]),
    recording('a', [
      [0, 10],
      [10, 20],
    ]),
    recording('gone', [[20, 30]], at(50)),
  ]);

  it('are in time order, without media deleted by retention', () => {
    expect(segments.map((ref) => ref.segment.url)).toEqual(['/a/0', '/a/1', '/b/0']);
  });

  it('finds the segment covering a time, none in a gap, and the next one after a gap', () => {
    expect(segmentAt(segments, 12_000)?.segment.url).toBe('/a/1');
    expect(segmentAt(segments, 10_000)?.segment.url).toBe('/a/1');
    expect(segmentAt(segments, 25_000)).toBeNull();
    expect(nextSegment(segments, 25_000)?.segment.url).toBe('/b/0');
    expect(nextSegment(segments, 35_000)).toBeNull();
  });
});
