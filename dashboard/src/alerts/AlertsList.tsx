// Alerts other than SOS (which has its banner): silent devices, officers out of their area,
// unacknowledged tasks, SLA breaches. Newest first, each with acknowledge.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { acknowledgeAlert } from '../api/endpoints';
import { ageParts } from '../common/durations';
import { useErrorText } from '../common/useErrorText';
import { useNow } from '../common/useNow';
import { selectAlerts, useAlerts } from '../store/alerts';
import { selectOfficers, useOfficers } from '../store/officers';
import { useUi } from '../store/ui';
import { groupAlerts, type AlertGroup } from './alertGroups';
import { alertTaskId, alertText } from './alertText';

export function AlertsList() {
  const { t } = useTranslation();
  const alerts = useAlerts(selectAlerts);
  const [showAcknowledged, setShowAcknowledged] = useState(false);
  const list = useMemo(
    () => groupAlerts(Object.values(alerts), showAcknowledged),
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
          {list.map((group) => (
            <AlertRow key={group.key} group={group} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertRow({ group }: { group: AlertGroup }) {
  const alert = group.latest;
  const { t } = useTranslation();
  const errorText = useErrorText();
  const officers = useOfficers(selectOfficers);
  const now = useNow(15_000);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = group.open.length > 0;
  const age = ageParts((now - Date.parse(alert.raisedAt)) / 1000);
  const taskId = alertTaskId(alert);

  const acknowledge = async () => {
    setPending(true);
    setError(null);
    try {
      // Acknowledging the row acknowledges every repeat it stands for.
      for (const each of group.open) useAlerts.getState().upsert(await acknowledgeAlert(each.id));
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
        <span className="alert-kind">
          {t(`alerts.kind.${alert.kind}`)}
          {group.alerts.length > 1 && <span className="alert-repeats"> ×{group.alerts.length}</span>}
        </span>
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
