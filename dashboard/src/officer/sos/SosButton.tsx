// SOS: press and hold for 1.5 s (a ring fills while held; letting go early cancels), then the
// alert goes to the command centre with the phone's position and is retried until delivered.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { sendSos } from '../api';
import { useGpsStatus } from '../store/gpsStatus';
import { sendSosUntilDelivered } from './sendSosUntilDelivered';

export const SOS_HOLD_MS = 1_500;

type Phase =
  | { kind: 'idle' }
  | { kind: 'holding' }
  | { kind: 'sending'; retrying: boolean }
  | { kind: 'sent'; at: Date }
  | { kind: 'failed'; message: string };

export function SosButton() {
  const { t, i18n } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const holdTimer = useRef<number | null>(null);
  const sending = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      if (holdTimer.current !== null) window.clearTimeout(holdTimer.current);
      sending.current?.abort();
    },
    [],
  );

  const fire = () => {
    holdTimer.current = null;
    navigator.vibrate?.(200);
    const controller = new AbortController();
    sending.current = controller;
    setPhase({ kind: 'sending', retrying: false });
    sendSosUntilDelivered(
      sendSos,
      () => {
        const fix = useGpsStatus.getState().lastFix;
        return fix ? { location: { lat: fix.lat, lon: fix.lon } } : {};
      },
      () => setPhase({ kind: 'sending', retrying: true }),
      controller.signal,
    ).then(
      () => {
        navigator.vibrate?.([100, 80, 100]);
        setPhase({ kind: 'sent', at: new Date() });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setPhase({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
  };

  const start = () => {
    if (phase.kind === 'sending' || holdTimer.current !== null) return;
    setPhase({ kind: 'holding' });
    holdTimer.current = window.setTimeout(fire, SOS_HOLD_MS);
  };
  const cancel = () => {
    if (holdTimer.current === null) return;
    window.clearTimeout(holdTimer.current);
    holdTimer.current = null;
    setPhase({ kind: 'idle' });
  };

  return (
    <>
      <button
        type="button"
        className={`sos-button${phase.kind === 'holding' ? ' holding' : ''}`}
        data-testid="sos-button"
        aria-label={t('officerApp.sos.hold')}
        style={{ '--hold-ms': `${SOS_HOLD_MS}ms` } as CSSProperties}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture?.(event.pointerId);
          start();
        }}
        onPointerUp={cancel}
        onPointerCancel={cancel}
        onKeyDown={(event) => {
          if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) start();
        }}
        onKeyUp={(event) => (event.key === ' ' || event.key === 'Enter') && cancel()}
        onContextMenu={(event) => event.preventDefault()}
      >
        <span className="sos-fill" aria-hidden="true" />
        <span className="sos-label">SOS</span>
        <span className="sos-sub">
          {phase.kind === 'holding' ? t('officerApp.sos.keepHolding') : t('officerApp.sos.holdShort')}
        </span>
      </button>
      {(phase.kind === 'sending' || phase.kind === 'sent' || phase.kind === 'failed') && (
        <div
          className={`sos-status sos-status-${phase.kind}`}
          role="alert"
          data-testid="sos-status"
          data-phase={phase.kind}
        >
          <p className="sos-status-text">
            {phase.kind === 'sending' &&
              (phase.retrying ? t('officerApp.sos.retrying') : t('officerApp.sos.sending'))}
            {phase.kind === 'sent' &&
              t('officerApp.sos.sent', {
                time: phase.at.toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }),
              })}
            {phase.kind === 'failed' && t('officerApp.sos.failed', { message: phase.message })}
          </p>
          {phase.kind !== 'sending' && (
            <button type="button" className="btn btn-block" onClick={() => setPhase({ kind: 'idle' })}>
              {t('common.close')}
            </button>
          )}
        </div>
      )}
    </>
  );
}
