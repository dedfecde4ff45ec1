// Recordings to complete: every recording that does not yet say who recorded it, its enforcement
// stage or what it proves, newest first (officers: their own; supervisors and administrators:
// everyone's). Each row is filled in and saved where it stands; a complete one leaves the queue.
import type { Recording } from '@fcc/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../common/useErrorText';
import { selectOfficers, useOfficers } from '../store/officers';
import { selectUser, useSession } from '../store/session';
import { fetchRecordingsToComplete } from './recordingsApi';
import { ToCompleteRow } from './ToCompleteRow';
import './recordings.css';

/** One page of the queue; the newest come first, so the page holds the latest. */
const PAGE = 200;

export function ToCompleteScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const role = useSession(selectUser)?.role;
  const reviewer = role === 'supervisor' || role === 'administrator';
  const officers = useOfficers(selectOfficers);
  const [officerId, setOfficerId] = useState('');
  const [rows, setRows] = useState<Recording[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    fetchRecordingsToComplete({ limit: PAGE, ...(officerId ? { officerId } : {}) }, controller.signal).then(
      setRows,
      (cause: unknown) => {
        if (!controller.signal.aborted) setError(errorText(cause));
      },
    );
    return () => controller.abort();
  }, [officerId, version, errorText]);

  const saved = useCallback(
    (updated: Recording) => {
      if (updated.missing.length === 0) {
        setRows((current) => current?.filter((row) => row.id !== updated.id) ?? null);
        setNotice(
          t('toComplete.completed', {
            officer: officers[updated.officerId ?? '']?.name ?? '—',
            at: new Date(updated.startedAt).toLocaleString(),
          }),
        );
      } else {
        setRows((current) => current?.map((row) => (row.id === updated.id ? updated : row)) ?? null);
      }
    },
    [officers, t],
  );
  const sortedOfficers = Object.values(officers).sort((a, b) => a.badgeNo.localeCompare(b.badgeNo));

  return (
    <section className="screen to-complete-screen" data-testid="to-complete-screen">
      <header className="screen-header">
        <h1>{t('toComplete.heading')}</h1>
        <p className="muted">{t('toComplete.explain')}</p>
        <div className="screen-toolbar">
          {reviewer && (
            <label>
              {t('toComplete.officer')}
              <select
                value={officerId}
                onChange={(event) => setOfficerId(event.target.value)}
                data-testid="to-complete-officer"
              >
                <option value="">{t('toComplete.everyone')}</option>
                {sortedOfficers.map((officer) => (
                  <option key={officer.id} value={officer.id}>
                    {officer.name} ({officer.badgeNo})
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" className="button" onClick={() => setVersion((value) => value + 1)}>
            {t('toComplete.refresh')}
          </button>
          {rows && (
            <span className="muted" data-testid="to-complete-count">
              {rows.length >= PAGE
                ? t('toComplete.countNewest', { n: rows.length })
                : t('toComplete.count', { n: rows.length })}
            </span>
          )}
        </div>
      </header>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="admin-done" role="status" data-testid="to-complete-notice">
          {notice}
        </p>
      )}
      {rows && rows.length === 0 && <p className="calm-note">{t('toComplete.empty')}</p>}
      {rows && rows.length > 0 && (
        <table className="data-table to-complete-table">
          <thead>
            <tr>
              <th>{t('toComplete.started')}</th>
              <th>{t('toComplete.duration')}</th>
              <th>{t('toComplete.officer')}</th>
              <th>{t('toComplete.device')}</th>
              <th>{t('replay.place')}</th>
              <th>{t('replay.missing')}</th>
              <th>{t('replay.stage')}</th>
              <th>{t('replay.purpose')}</th>
              <th>{t('toComplete.tasks')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((recording) => (
              <ToCompleteRow key={recording.id} recording={recording} reviewer={reviewer} onSaved={saved} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
