// The replay player: one wall clock drives the video, the marker and the timeline. While a
// segment covers the clock, the video is the clock (time = segment start + currentTime), so the
// marker follows the picture exactly; in a gap the clock runs on its own at the chosen speed and
// the next segment is loaded when the clock reaches it. Segments are fetched with the session
// token and played from object URLs, one file at a time (every segment starts with a keyframe).
import type { Replay } from '@fcc/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { requestFile } from '../api/client';
import { playableSegments, segmentAt, type ReplaySpeed, type SegmentRef } from './replayClock';

export interface ReplayPlayer {
  timeMs: number;
  playing: boolean;
  speed: ReplaySpeed;
  /** The segment in the video element, null in a gap. */
  current: SegmentRef | null;
  loading: boolean;
  /** Audio was refused without a gesture: the video plays muted until unmuted. */
  mutedByBrowser: boolean;
  error: string | null;
  play(): void;
  pause(): void;
  seek(timeMs: number): void;
  setSpeed(speed: ReplaySpeed): void;
}

interface Engine {
  timeMs: number;
  playing: boolean;
  speed: ReplaySpeed;
  current: SegmentRef | null;
  /** The segment being fetched, so a second seek into it does not fetch it again. */
  loadingUrl: string | null;
  /** Bumped by every seek, so a slow fetch does not load a segment nobody wants any more. */
  generation: number;
  lastFrameAt: number | null;
}

export function useReplayPlayer(replay: Replay | null, video: HTMLVideoElement | null): ReplayPlayer {
  const segments = useMemo(() => (replay ? playableSegments(replay.recordings) : []), [replay]);
  const fromIso = replay?.from;
  const toIso = replay?.to;
  const range = useMemo(
    () => (fromIso && toIso ? { fromMs: Date.parse(fromIso), toMs: Date.parse(toIso) } : null),
    [fromIso, toIso],
  );
  /** Reloading the same replay (after an edit) keeps the player where it is. */
  const replayKey = replay ? `${replay.officerId}|${replay.deviceId}|${replay.from}|${replay.to}` : null;
  const engine = useRef<Engine>({
    timeMs: 0,
    playing: false,
    speed: 1,
    current: null,
    loadingUrl: null,
    generation: 0,
    lastFrameAt: null,
  });
  const objectUrls = useRef(new Map<string, Promise<string>>());
  const [view, setView] = useState({
    timeMs: 0,
    playing: false,
    speed: 1 as ReplaySpeed,
    current: null as SegmentRef | null,
    loading: false,
  });
  const [mutedByBrowser, setMutedByBrowser] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const publish = useCallback(() => {
    const e = engine.current;
    setView({
      timeMs: e.timeMs,
      playing: e.playing,
      speed: e.speed,
      current: e.current,
      loading: e.loadingUrl !== null,
    });
  }, []);

  const objectUrl = useCallback((url: string) => {
    let found = objectUrls.current.get(url);
    if (!found) {
      found = requestFile(url).then(({ blob }) => URL.createObjectURL(blob));
      // A failed fetch is not cached: the next seek tries again.
      found.catch(() => objectUrls.current.delete(url));
      objectUrls.current.set(url, found);
    }
    return found;
  }, []);

  const startVideo = useCallback(async (element: HTMLVideoElement) => {
    element.playbackRate = engine.current.speed;
    try {
      await element.play();
    } catch (reason) {
      if (reason instanceof DOMException && reason.name === 'NotAllowedError' && !element.muted) {
        element.muted = true;
        setMutedByBrowser(true);
        await element.play().catch(() => undefined);
      }
    }
  }, []);

  /** Puts the clock at `timeMs` and the video at the matching frame (or nothing, in a gap). */
  const seek = useCallback(
    (wanted: number) => {
      if (!range || !video) return;
      const e = engine.current;
      const timeMs = Math.min(Math.max(wanted, range.fromMs), range.toMs);
      e.timeMs = timeMs;
      e.generation += 1;
      const generation = e.generation;
      const ref = segmentAt(segments, timeMs);
      if (!ref) {
        e.current = null;
        e.loadingUrl = null;
        video.pause();
        video.removeAttribute('src');
        video.load();
        publish();
        return;
      }
      const offset = (timeMs - ref.startMs) / 1000;
      if (e.current?.segment.url === ref.segment.url) {
        video.currentTime = offset;
        if (e.playing && video.paused) void startVideo(video);
        publish();
        return;
      }
      e.current = null;
      e.loadingUrl = ref.segment.url;
      video.pause();
      publish();
      objectUrl(ref.segment.url).then(
        async (src) => {
          if (engine.current.generation !== generation) return;
          video.src = src;
          await new Promise<void>((resolve) =>
            video.addEventListener('loadedmetadata', () => resolve(), { once: true }),
          );
          if (engine.current.generation !== generation) return;
          video.currentTime = offset;
          e.current = ref;
          e.loadingUrl = null;
          setError(null);
          if (e.playing) await startVideo(video);
          publish();
          // The next file is fetched while this one plays, so the switch does not wait.
          const following = segments[segments.indexOf(ref) + 1];
          if (following) void objectUrl(following.segment.url).catch(() => undefined);
        },
        (reason: unknown) => {
          if (engine.current.generation !== generation) return;
          e.loadingUrl = null;
          setError(reason instanceof Error ? reason.message : String(reason));
          publish();
        },
      );
    },
    [range, video, segments, objectUrl, publish, startVideo],
  );

  const seekRef = useRef(seek);
  seekRef.current = seek;
  // A new replay: back to its start, paused.
  useEffect(() => {
    if (!replayKey || !video || !fromIso) return;
    engine.current.playing = false;
    engine.current.current = null;
    seekRef.current(Date.parse(fromIso));
  }, [replayKey, video, fromIso]);

  // The end of a segment: on to the next one if it follows on, else the clock runs through the gap.
  useEffect(() => {
    if (!video) return;
    const onEnded = () => {
      const e = engine.current;
      if (!e.current) return;
      const endMs = e.current.endMs;
      e.current = null;
      seek(endMs);
    };
    video.addEventListener('ended', onEnded);
    return () => video.removeEventListener('ended', onEnded);
  }, [video, seek]);

  // The clock, once a frame.
  useEffect(() => {
    if (!range || !video) return;
    let frame = 0;
    const tick = (now: number) => {
      frame = requestAnimationFrame(tick);
      const e = engine.current;
      const elapsed = e.lastFrameAt === null ? 0 : now - e.lastFrameAt;
      e.lastFrameAt = now;
      if (e.current) {
        const videoTime = e.current.startMs + video.currentTime * 1000;
        if (videoTime !== e.timeMs) {
          e.timeMs = videoTime;
          publish();
        }
        return;
      }
      if (!e.playing || e.loadingUrl !== null) return;
      const next = e.timeMs + elapsed * e.speed;
      if (next >= range.toMs) {
        e.timeMs = range.toMs;
        e.playing = false;
        publish();
        return;
      }
      if (segmentAt(segments, next)) seek(next);
      else {
        e.timeMs = next;
        publish();
      }
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [range, video, segments, seek, publish]);

  useEffect(() => {
    const urls = objectUrls.current;
    return () => {
      for (const url of urls.values()) void url.then(URL.revokeObjectURL, () => undefined);
      urls.clear();
    };
  }, [replay]);

  return {
    ...view,
    mutedByBrowser,
    error,
    play: () => {
      const e = engine.current;
      if (!range || !video) return;
      if (e.timeMs >= range.toMs) seek(range.fromMs);
      e.playing = true;
      e.lastFrameAt = null;
      if (e.current) void startVideo(video);
      publish();
    },
    pause: () => {
      engine.current.playing = false;
      video?.pause();
      publish();
    },
    seek,
    setSpeed: (speed) => {
      engine.current.speed = speed;
      if (video) video.playbackRate = speed;
      publish();
    },
  };
}
