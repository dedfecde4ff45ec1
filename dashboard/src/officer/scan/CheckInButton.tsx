// QR check-in at an inspection target (扫码留痕): scan the printed code, send its text with the
// phone's position; the server says whether it counts (422: too far from the code).
import type { CheckInBody, CheckInResult } from '@fcc/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NO_RESPONSE } from '../../api/client';
import { checkIn } from '../api';
import { useGpsStatus } from '../store/gpsStatus';
import { QrScanner } from './QrScanner';

/** An older position than this says less than the server's own last fix. */
const FRESH_FIX_MS = 2 * 60_000;

type Outcome =
  | { kind: 'sending' }
  | { kind: 'done'; result: CheckInResult }
  | { kind: 'refused'; status: number; message: string };

export function CheckInButton() {
  const { t } = useTranslation();
  const [scanning, setScanning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async (qr: string) => {
    setScanning(false);
    setOutcome({ kind: 'sending' });
    const fix = useGpsStatus.getState().lastFix;
    const body: CheckInBody = { qr };
    if (fix && Date.now() - Date.parse(fix.fixTime) < FRESH_FIX_MS) {
      body.location = { lat: fix.lat, lon: fix.lon };
      if (fix.accuracy !== undefined) body.location.accuracy = Math.min(fix.accuracy, 10_000);
    }
    try {
      setOutcome({ kind: 'done', result: await checkIn(body) });
      navigator.vibrate?.(100);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : -1;
      const message =
        status === NO_RESPONSE
          ? t('errors.network')
          : error instanceof Error && error.message
            ? error.message
            : t('errors.unexpected');
      setOutcome({ kind: 'refused', status, message });
    }
  };

  return (
    <>
      <button
        type="button"
        className="btn btn-action"
        data-testid="check-in-button"
        onClick={() => {
          setOutcome(null);
          setScanning(true);
        }}
      >
        <span className="btn-action-icon" aria-hidden="true">
          ▦
        </span>
        {t('officerApp.checkIn.scan')}
      </button>
      {scanning && (
        <QrScanner
          title={t('officerApp.checkIn.heading')}
          onText={(text) => void send(text)}
          onClose={() => setScanning(false)}
        />
      )}
      {outcome && (
        <div
          className="sheet sheet-short"
          role="dialog"
          aria-label={t('officerApp.checkIn.heading')}
          data-testid="check-in-result"
        >
          {outcome.kind === 'sending' && <p className="lead">{t('officerApp.checkIn.sending')}</p>}
          {outcome.kind === 'done' && (
            <p className="notice notice-ok" data-outcome="ok">
              {t('officerApp.checkIn.done', {
                name: outcome.result.targetName,
                distance: Math.round(outcome.result.distanceMetres),
              })}
            </p>
          )}
          {outcome.kind === 'refused' && (
            <div className="notice notice-warn" data-outcome={outcome.status}>
              <p className="notice-title">
                {outcome.status === 422 ? t('officerApp.checkIn.tooFar') : t('officerApp.checkIn.notCounted')}
              </p>
              <p>{outcome.message}</p>
            </div>
          )}
          {outcome.kind !== 'sending' && (
            <button type="button" className="btn btn-block btn-tall" onClick={() => setOutcome(null)}>
              {t('common.close')}
            </button>
          )}
        </div>
      )}
    </>
  );
}
