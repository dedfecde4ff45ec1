// Across the top while the camera is on: LIVE in red (the command centre sees what the camera
// films), "reconnecting" in amber, a small preview of the picture and a big Stop. Also the
// command centre's request waiting for a tap, and why the video ended.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isCameraOn, useLiveVideo } from './liveVideo';
import { declineRequest, startVideo, stopVideo } from './videoController';

export function LiveBanner() {
  const { t } = useTranslation();
  const phase = useLiveVideo((state) => state.phase);
  const origin = useLiveVideo((state) => state.origin);
  const request = useLiveVideo((state) => state.request);
  const streamId = useLiveVideo((state) => state.streamId);
  const notice = useLiveVideo((state) => state.notice);

  if (phase === 'asked' && request) {
    return (
      <div className="sheet sheet-short video-request" role="alertdialog" data-testid="video-request">
        <p className="video-request-title">{t('officerApp.video.askedTitle')}</p>
        <p>{t('officerApp.video.askedBy', { name: request.requestedBy })}</p>
        {request.reason && <p className="video-reason">“{request.reason}”</p>}
        <button
          type="button"
          className="btn btn-block btn-tall btn-live"
          data-testid="video-accept"
          onClick={() => void startVideo('requested')}
        >
          {t('officerApp.video.start')}
        </button>
        <button type="button" className="btn btn-quiet btn-block" onClick={declineRequest}>
          {t('officerApp.video.notNow')}
        </button>
      </div>
    );
  }

  if (!isCameraOn(phase)) {
    if (!notice) return null;
    return (
      <div className="notice notice-warn video-notice" role="status" data-testid="video-notice">
        <p>{t(notice.key, notice.values)}</p>
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() => useLiveVideo.getState().set({ notice: null })}
        >
          {t('common.close')}
        </button>
      </div>
    );
  }

  return (
    <section
      className={`live-banner live-${phase}`}
      role="status"
      aria-live="assertive"
      data-testid="live-banner"
      data-state={phase}
      data-stream-id={streamId ?? ''}
    >
      <Preview />
      <div className="live-text">
        <p className="live-title">
          {phase === 'live' && <span className="live-dot" aria-hidden="true" />}
          {t(`officerApp.video.${phase}`)}
        </p>
        <p className="live-sub">{t(`officerApp.video.${phase}Sub`)}</p>
        <p className="live-origin">
          {origin === 'requested' && request
            ? t('officerApp.video.requestedBy', { name: request.requestedBy })
            : t('officerApp.video.recordedSub')}
        </p>
      </div>
      <button type="button" className="btn live-stop" data-testid="video-stop" onClick={() => stopVideo()}>
        {t('officerApp.video.stop')}
      </button>
    </section>
  );
}

/** What the camera films, small: the officer sees what the command centre sees. */
function Preview() {
  const preview = useLiveVideo((state) => state.preview);
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = preview;
  }, [preview]);
  return <video ref={ref} className="live-preview" autoPlay muted playsInline aria-hidden="true" />;
}
