// One timeline for the range: recordings' segments, the gaps with no video, task events as ticks,
// and the playhead. Press and drag anywhere on it to seek.
import type { Replay } from '@fcc/shared';
import { useRef, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SegmentRef } from './replayClock';

interface ReplayTimelineProps {
  replay: Replay;
  segments: readonly SegmentRef[];
  timeMs: number;
  onSeek: (timeMs: number) => void;
}

export function ReplayTimeline({ replay, segments, timeMs, onSeek }: ReplayTimelineProps) {
  const { t } = useTranslation();
  const bar = useRef<HTMLDivElement>(null);
  const fromMs = Date.parse(replay.from);
  const spanMs = Date.parse(replay.to) - fromMs;
  const percent = (ms: number) => `${(Math.min(Math.max(ms - fromMs, 0), spanMs) / spanMs) * 100}%`;
  const width = (a: number, b: number) =>
    `${(Math.max(0, Math.min(b, fromMs + spanMs) - Math.max(a, fromMs)) / spanMs) * 100}%`;

  const seekAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = bar.current!.getBoundingClientRect();
    const share = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
    onSeek(fromMs + share * spanMs);
  };

  return (
    <div className="replay-timeline">
      <div
        ref={bar}
        className="replay-timeline-bar"
        data-testid="replay-timeline"
        role="slider"
        aria-label={t('replay.timeline')}
        aria-valuemin={fromMs}
        aria-valuemax={fromMs + spanMs}
        aria-valuenow={Math.round(timeMs)}
        aria-valuetext={new Date(timeMs).toLocaleTimeString()}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          seekAt(event);
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) seekAt(event);
        }}
      >
        {replay.gaps.map((gap) => (
          <div
            key={gap.from}
            className="replay-gap"
            title={t('replay.noVideo')}
            style={{
              left: percent(Date.parse(gap.from)),
              width: width(Date.parse(gap.from), Date.parse(gap.to)),
            }}
          />
        ))}
        {segments.map((ref) => (
          <div
            key={ref.segment.url}
            className={ref.segment.gapBefore ? 'replay-segment after-drop' : 'replay-segment'}
            title={`${t('replay.recording')} ${new Date(ref.startMs).toLocaleTimeString()}`}
            style={{ left: percent(ref.startMs), width: width(ref.startMs, ref.endMs) }}
          />
        ))}
        {replay.taskEvents.map((event) => (
          <div
            key={event.id}
            className="replay-event"
            title={`${event.taskCode} ${event.type} · ${event.actor} · ${new Date(event.at).toLocaleTimeString()}`}
            style={{ left: percent(Date.parse(event.at)) }}
          />
        ))}
        <div className="replay-playhead" style={{ left: percent(timeMs) }} />
      </div>
      <div className="replay-timeline-labels">
        <span>{new Date(fromMs).toLocaleString()}</span>
        <span>{new Date(fromMs + spanMs).toLocaleString()}</span>
      </div>
    </div>
  );
}
