// What a tile's device is sending: its camera stream if there is one; if not, the tile asks the
// device to stream (once; again only when the operator says so) and waits for `stream:changed`
// to bring the stream. A stream that ended keeps its reason on show.
import type { Stream } from '@fcc/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchStreams, requestStream } from '../api/media';
import { useErrorText } from '../common/useErrorText';
import { selectCameraStreamOf, useStreams } from '../store/streams';

/** A device asked to stream that has not started within this is said to be not answering. */
export const NO_ANSWER_AFTER_MS = 45_000;

export type FeedPhase = 'asking' | 'waiting' | 'noAnswer' | 'refused' | 'live' | 'reconnecting' | 'ended';

export interface TileFeed {
  phase: FeedPhase;
  /** The stream shown (open, or the ended one whose reason is shown). */
  stream: Stream | null;
  /** Why asking failed (e.g. the device is not connected). */
  refusal: string | null;
  askAgain: () => void;
}

type Request =
  | { phase: 'none' }
  | { phase: 'asking' }
  | { phase: 'waiting'; since: number }
  | { phase: 'refused'; message: string };

/** Use with `key={deviceId}`: a tile given another device starts afresh. */
export function useTileFeed(deviceId: string): TileFeed {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const latest = useStreams(selectCameraStreamOf(deviceId));
  // A stream that had already ended before this tile was filled is history, not this tile's news.
  const [ignoredId, setIgnoredId] = useState(() => (latest?.state === 'ended' ? latest.id : null));
  const [request, setRequest] = useState<Request>({ phase: 'none' });
  const [noAnswer, setNoAnswer] = useState(false);
  const stream = latest && latest.id !== ignoredId ? latest : null;

  const ask = useCallback(async () => {
    setRequest({ phase: 'asking' });
    setNoAnswer(false);
    try {
      const result = await requestStream(deviceId, t('wall.requestReason'));
      // Already streaming, but the change event may have come before this page was listening.
      if (result.streamId && !useStreams.getState().items[result.streamId]) {
        useStreams.getState().loaded(await fetchStreams());
      }
      setRequest({ phase: 'waiting', since: Date.now() });
    } catch (error) {
      setRequest({ phase: 'refused', message: errorText(error) });
    }
  }, [deviceId, errorText, t]);

  useEffect(() => {
    if (!stream && request.phase === 'none') void ask();
  }, [stream, request.phase, ask]);

  const waitingSince = request.phase === 'waiting' ? request.since : null;
  const streamOpen = stream !== null && stream.state !== 'ended';
  useEffect(() => {
    if (waitingSince === null || streamOpen) return;
    const timer = window.setTimeout(
      () => setNoAnswer(true),
      Math.max(0, waitingSince + NO_ANSWER_AFTER_MS - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [waitingSince, streamOpen]);

  const askAgain = useCallback(() => {
    if (stream?.state === 'ended') setIgnoredId(stream.id);
    void ask();
  }, [stream, ask]);

  let phase: FeedPhase;
  if (stream) phase = stream.state;
  else if (request.phase === 'refused') phase = 'refused';
  else if (request.phase === 'waiting') phase = noAnswer ? 'noAnswer' : 'waiting';
  else phase = 'asking';
  return { phase, stream, refusal: request.phase === 'refused' ? request.message : null, askAgain };
}
