// SOS: a full-width red banner with an alarm that stays until every SOS is acknowledged.
// Each SOS shows who, when and where, with buttons to look and to acknowledge.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { acknowledgeAlert } from '../api/endpoints';
import { useErrorText } from '../common/useErrorText';
import { useNow } from '../common/useNow';
import { formatClock } from '../common/durations';
import { openSosAlerts, selectAlerts, useAlerts } from '../store/alerts';
import { selectOfficers, useOfficers } from '../store/officers';
import { usePositions } from '../store/positions';
import { useUi } from '../store/ui';
import { useSosVideo } from '../wall/useSosVideo';
import { AlarmSound, type AlarmState } from './alarmSound';
import { alertTaskId, alertText } from './alertText';

export function SosBanner() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const alerts = useAlerts(selectAlerts);
  const officers = useOfficers(selectOfficers);
  const sos = useMemo(() => openSosAlerts(alerts), [alerts]);
  const [sound, setSound] = useState<AlarmState>('off');
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const alarm = useRef<AlarmSound | null>(null);
  const now = useNow(1000);
  useSosVideo();

  useEffect(() => {
    alarm.current = new AlarmSound(setSound);
    return () => alarm.current?.close();
  }, []);
  useEffect(() => {
    if (sos.length > 0) alarm.current?.start();
    else alarm.current?.stop();
  }, [sos.length]);

  if (sos.length === 0) return null;

  const acknowledge = async (id: string) => {
    setPending(id);
    setError(null);
    try {
      useAlerts.getState().upsert(await acknowledgeAlert(id));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setPending(null);
    }
  };
  const show = (officerId: string | null, lon: number | null, lat: number | null) => {
    const ui = useUi.getState();
    if (officerId) ui.selectOfficer(officerId);
    const live = officerId ? usePositions.getState().items[officerId] : undefined;
    const where = live ?? (lon !== null && lat !== null ? { lon, lat } : null);
    if (where) ui.focusOn(where.lon, where.lat, 16);
  };

  return (
    <div className="sos-banner" role="alert" data-testid="sos-banner" data-sound={sound}>
      <div className="sos-banner-title">
        <span className="sos-badge">SOS</span>
        <span>{t('sos.heading', { n: sos.length })}</span>
        {sound === 'blocked' && <span className="sos-sound-blocked">{t('sos.soundBlocked')}</span>}
      </div>
      <ul className="sos-list">
        {sos.map((alert) => {
          const officer = alert.officerId ? officers[alert.officerId] : undefined;
          const taskId = alertTaskId(alert);
          return (
            <li key={alert.id} data-testid="sos-item">
              <span className="sos-who">
                {alertText(t, alert, officer?.name)}
                {officer && (
                  <span className="sos-badge-no">{t('officer.badge', { badge: officer.badgeNo })}</span>
                )}
              </span>
              <span className="sos-since">
                {t('sos.since', { clock: formatClock((now - Date.parse(alert.raisedAt)) / 1000) })}
              </span>
              {typeof alert.data.note === 'string' && alert.data.note && (
                <span className="sos-note">“{alert.data.note}”</span>
              )}
              <span className="sos-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => show(alert.officerId, alert.lon, alert.lat)}
                >
                  {t('sos.show')}
                </button>
                {taskId && (
                  <button type="button" className="button" onClick={() => useUi.getState().openTask(taskId)}>
                    {t('sos.openTask')}
                  </button>
                )}
                <button
                  type="button"
                  className="button sos-acknowledge"
                  data-testid="sos-acknowledge"
                  disabled={pending === alert.id}
                  onClick={() => void acknowledge(alert.id)}
                >
                  {t('sos.acknowledge')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {error && <p className="sos-error">{error}</p>}
    </div>
  );
}
