// One tile of the wall. Empty: a quiet drop target saying how to fill it. Filled: the device's
// live picture with who it is, their status, the stream's state and bitrate, push-to-talk, and
// in words whatever stands between the operator and the picture (asking, reconnecting, ended).
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUS_COLOURS } from '../officers/statusColours';
import { selectDevice, selectOfficer, useOfficers } from '../store/officers';
import { selectStatsOf, useStreams } from '../store/streams';
import { useWall } from '../store/wall';
import { carriesSource, droppedSource, startDrag } from './dragSource';
import { endReasonText } from './endReason';
import { SpeakerIcon } from './icons';
import { PushToTalkButton } from './PushToTalkButton';
import { useOfficerStatus } from './useOfficerStatus';
import { useTileFeed, type TileFeed } from './useTileFeed';
import { useWhepViewer, type ViewerState } from './useWhepViewer';
import type { TileSource } from './wallLayout';

interface VideoTileProps {
  index: number;
  source: TileSource | null;
  enlarged: boolean;
}

export function VideoTile({ index, source, enlarged }: VideoTileProps) {
  const { t } = useTranslation();
  const [dragOver, setDragOver] = useState(false);
  const dropTarget = {
    onDragOver: (event: DragEvent) => {
      if (!carriesSource(event)) return;
      event.preventDefault();
      setDragOver(true);
    },
    onDragLeave: () => setDragOver(false),
    onDrop: (event: DragEvent) => {
      setDragOver(false);
      const dropped = droppedSource(event);
      if (!dropped) return;
      event.preventDefault();
      useWall.getState().drop(index, dropped);
    },
  };
  const className = `wall-tile${enlarged ? ' enlarged' : ''}${dragOver ? ' drag-over' : ''}`;

  if (!source) {
    return (
      <div className={`${className} empty`} data-testid="wall-tile" data-tile={index} {...dropTarget}>
        <p className="wall-empty-hint">{t('wall.emptyTile')}</p>
      </div>
    );
  }
  return (
    <div
      className={className}
      data-testid="wall-tile"
      data-tile={index}
      data-device={source.deviceId}
      onDoubleClick={() => useWall.getState().toggleEnlarged(index)}
      {...dropTarget}
    >
      <FilledTile key={source.deviceId} index={index} source={source} enlarged={enlarged} />
    </div>
  );
}

function FilledTile({ index, source, enlarged }: VideoTileProps & { source: TileSource }) {
  const { t } = useTranslation();
  const feed = useTileFeed(source.deviceId);
  const streamId = feed.stream?.id ?? null;
  const viewer = useWhepViewer(streamId, feed.phase === 'live' || feed.phase === 'reconnecting');
  const stats = useStreams(selectStatsOf(streamId));
  const officer = useOfficers(selectOfficer(source.officerId));
  const device = useOfficers(selectDevice(source.deviceId));
  const status = useOfficerStatus(source.officerId);
  const [muted, setMuted] = useState(true);
  const [picture, setPicture] = useState(false);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = viewer.media;
    if (!viewer.media) setPicture(false);
  }, [viewer.media]);

  const name = officer?.name ?? device?.name ?? t('wall.unknownDevice');
  const label = `${name}${officer && device ? ` · ${device.name}` : ''}`;
  const notice = noticeOf(feed, viewer, picture);

  return (
    <>
      <video
        ref={video}
        className="wall-video"
        data-testid="wall-video"
        autoPlay
        playsInline
        muted={muted}
        onPlaying={() => setPicture(true)}
        onEmptied={() => setPicture(false)}
      />
      {/* An officer in an SOS is the one tile that must stand out on a full wall. */}
      {status === 'sos' && <span className="wall-sos-frame" aria-hidden="true" />}
      <header
        className="wall-tile-header"
        draggable
        onDragStart={(event) => startDrag(event, source, name)}
        title={t('wall.dragTile')}
      >
        {status && (
          <span
            className="status-dot"
            style={{ backgroundColor: STATUS_COLOURS[status] }}
            aria-hidden="true"
          />
        )}
        <span className="wall-tile-name" data-testid="wall-tile-name">
          {label}
        </span>
        {status && (
          <span
            className={`wall-tile-status status-${status}`}
            data-testid="wall-tile-status"
            data-status={status}
          >
            {t(`status.${status}`)}
          </span>
        )}
        <span
          className={`wall-state wall-state-${feed.phase}`}
          data-testid="wall-tile-state"
          data-state={feed.phase}
        >
          {t(`wall.state.${feed.phase}`)}
        </span>
      </header>
      {notice && (
        <div className={`wall-notice wall-notice-${notice.tone}`} data-testid="wall-tile-notice">
          <p>{notice.text(t)}</p>
          {notice.askAgain && (
            <button type="button" className="button" onClick={feed.askAgain}>
              {t('wall.askAgain')}
            </button>
          )}
        </div>
      )}
      <footer className="wall-tile-footer">
        <span className="wall-tile-stats" data-testid="wall-tile-bitrate">
          {stats && feed.phase !== 'ended' && (
            <>
              {t('wall.bitrate', { kbps: Math.round(stats.bitrateKbps) })}
              {stats.lossPercent !== null && stats.lossPercent > 0 && (
                <> · {t('wall.loss', { percent: stats.lossPercent })}</>
              )}
            </>
          )}
          {feed.stream?.width && feed.stream.height && feed.phase !== 'ended' ? (
            <span className="muted">
              {' '}
              · {feed.stream.width}×{feed.stream.height}
            </span>
          ) : null}
        </span>
        <span className="wall-tile-actions">
          <button
            type="button"
            className="icon-button"
            aria-pressed={!muted}
            aria-label={muted ? t('wall.unmute') : t('wall.mute')}
            title={muted ? t('wall.unmute') : t('wall.mute')}
            onClick={() => setMuted(!muted)}
            onDoubleClick={(event) => event.stopPropagation()}
          >
            <SpeakerIcon muted={muted} />
          </button>
          <PushToTalkButton deviceId={source.deviceId} compact />
          <button
            type="button"
            className="icon-button"
            aria-label={enlarged ? t('wall.shrink') : t('wall.enlarge')}
            title={enlarged ? t('wall.shrink') : t('wall.enlarge')}
            onClick={() => useWall.getState().toggleEnlarged(index)}
            onDoubleClick={(event) => event.stopPropagation()}
          >
            {enlarged ? '⤡' : '⤢'}
          </button>
          <button
            type="button"
            className="icon-button"
            data-testid="wall-tile-clear"
            aria-label={t('wall.clearTile')}
            title={t('wall.clearTile')}
            onClick={() => useWall.getState().clear(index)}
            onDoubleClick={(event) => event.stopPropagation()}
          >
            ×
          </button>
        </span>
      </footer>
    </>
  );
}

type Translate = TFunction;

interface Notice {
  tone: 'quiet' | 'warning' | 'ended';
  text: (t: Translate) => string;
  askAgain: boolean;
}

/** What stands between the operator and the picture, in words; null while the picture plays. */
function noticeOf(feed: TileFeed, viewer: ViewerState, picture: boolean): Notice | null {
  switch (feed.phase) {
    case 'asking':
      return { tone: 'quiet', text: (t) => t('wall.notice.asking'), askAgain: false };
    case 'waiting':
      return { tone: 'quiet', text: (t) => t('wall.notice.waiting'), askAgain: false };
    case 'noAnswer':
      return { tone: 'warning', text: (t) => t('wall.notice.noAnswer'), askAgain: true };
    case 'refused':
      return {
        tone: 'warning',
        text: (t) => t('wall.notice.refused', { message: feed.refusal }),
        askAgain: true,
      };
    case 'ended':
      return {
        tone: 'ended',
        text: (t) =>
          t('wall.notice.ended', {
            reason: feed.stream?.endReason
              ? endReasonText(t, feed.stream.endReason)
              : t('wall.notice.noReason'),
          }),
        askAgain: true,
      };
    case 'reconnecting':
      return { tone: 'warning', text: (t) => t('wall.notice.reconnecting'), askAgain: false };
    case 'live':
      if (viewer.phase === 'retrying') {
        return {
          tone: 'warning',
          text: (t) =>
            viewer.error
              ? t('wall.notice.retryingBecause', { message: viewer.error })
              : t('wall.notice.retrying'),
          askAgain: false,
        };
      }
      return picture ? null : { tone: 'quiet', text: (t) => t('wall.notice.connecting'), askAgain: false };
  }
}
