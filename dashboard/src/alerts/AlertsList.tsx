// Alerts other than SOS (which has its banner): silent devices, officers out of their area,
// unacknowledged tasks, SLA breaches. Newest first, each with acknowledge.
import type { Alert } from '@fcc/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { acknowledgeAlert } from '../api/endpoints';
import { ageParts } from '../common/durations';
import { useErrorText } from '../common/useErrorText';
import { useNow } from '../common/useNow';
import { isOpenAlert, selectAlerts, useAlerts } from '../store/alerts';
import { selectOfficers, useOfficers } from '../store/officers';
import { useUi } from '../store/ui';
import { alertTaskId, alertText } from './alertText';

export function AlertsList() {
  const { t } = useTranslation();
  const alerts = useAlerts(selectAlerts);
  const [showAcknowledged, setShowAcknowledged] = useState(false);
  const list = useMemo(
    () =>
      Object.values(alerts)
        .filter((alert) => alert.kind !== 'sos' || !isOpenAlert(alert))
        .filter((alert) => showAcknowledged || isOpenAlert(alert))
        .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt)),
    [alerts, showAcknowledged],
  );

  return (
    <section className="panel-section" aria-labelledby="alerts-heading" data-testid="alerts-list">
      <div className="section-header">
        <h2 id="alerts-heading">{t('alerts.heading')}</h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showAcknowledged}
            onChange={(event) => setShowAcknowledged(event.target.checked)}
          />
          {t('alerts.showAcknowledged')}
        </label>
      </div>
      {list.length === 0 ? (
        <p className="muted calm-note">{t('alerts.none')}</p>
      ) : (
        <ul className="alert-list">
          {list.map((alert) => (
            <AlertRow key={alert.id} alert={alert} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertRow({ alert }: { alert: Alert }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const officers = useOfficers(selectOfficers);
  const now = useNow(15_000);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = isOpenAlert(alert);
  const age = ageParts((now - Date.parse(alert.raisedAt)) / 1000);
  const taskId = alertTaskId(alert);

  const acknowledge = async () => {
    setPending(true);
    setError(null);
    try {
      useAlerts.getState().upsert(await acknowledgeAlert(alert.id));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setPending(false);
    }
  };
  const show = () => {
    const ui = useUi.getState();
    if (taskId) ui.openTask(taskId);
    else if (alert.officerId) ui.selectOfficer(alert.officerId);
    if (alert.lon !== null && alert.lat !== null) ui.focusOn(alert.lon, alert.lat);
  };

  return (
    <li
      className={`alert-row severity-${alert.severity}${open ? '' : ' acknowledged'}`}
      data-testid="alert-row"
      data-kind={alert.kind}
    >
      <div className="alert-main">
        <span className="alert-kind">{t(`alerts.kind.${alert.kind}`)}</span>
        <button type="button" className="link-button alert-text" onClick={show}>
          {alertText(t, alert, alert.officerId ? officers[alert.officerId]?.name : undefined)}
        </button>
        <span className="muted alert-age">{t(`age.${age.unit}`, { n: age.count })}</span>
      </div>
      {open ? (
        <button
          type="button"
          className="button button-small"
          disabled={pending}
          onClick={() => void acknowledge()}
        >
          {t('alerts.acknowledge')}
        </button>
      ) : (
        <span className="muted alert-acknowledged">
          {alert.resolvedAt ? t('alerts.resolved') : t('alerts.acknowledged')}
        </span>
      )}
      {error && <p className="form-error">{error}</p>}
    </li>
  );
}
