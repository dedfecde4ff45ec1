// Cases (一案一卷, one case, one file), for supervisors and administrators: the list with a search
// and a form to open a case, or one case's page when the address names it (#cases/<id>).
import type { Case } from '@fcc/shared';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionStatus, useAction } from '../admin/useAction';
import { useErrorText } from '../common/useErrorText';
import { caseHref, goToCase } from '../main/screens';
import { CasePage } from './CasePage';
import { matchesCase } from './caseSearch';
import { createCase, fetchCases } from './casesApi';
import { CaseStatusChips } from './CaseStatusChips';
import './cases.css';

export function CasesScreen({ caseId }: { caseId: string | null }) {
  return caseId ? <CasePage key={caseId} caseId={caseId} /> : <CaseList />;
}

function CaseList() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const action = useAction();
  const [cases, setCases] = useState<Case[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    fetchCases(controller.signal).then(setCases, (cause: unknown) => {
      if (!controller.signal.aborted) setError(errorText(cause));
    });
    return () => controller.abort();
  }, [errorText]);

  const shown = useMemo(() => (cases ?? []).filter((found) => matchesCase(found, query)), [cases, query]);

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    void action.run(async () => {
      const created = await createCase({
        code: String(data.get('code')).trim(),
        title: String(data.get('title')).trim(),
        description: String(data.get('description')).trim(),
      });
      goToCase(created.id);
    });
  };

  return (
    <section className="screen cases-screen" data-testid="cases-screen">
      <header className="screen-header">
        <h1>{t('cases.heading')}</h1>
        <p className="muted">{t('cases.explain')}</p>
      </header>
      <form className="admin-form" onSubmit={create} data-testid="case-create">
        <h2>{t('cases.open')}</h2>
        <input
          name="code"
          required
          maxLength={64}
          pattern="[A-Za-z0-9][A-Za-z0-9._/\-]*"
          title={t('cases.codeRule')}
          placeholder={t('cases.code')}
          aria-label={t('cases.code')}
        />
        <input
          name="title"
          required
          maxLength={200}
          className="case-title-input"
          placeholder={t('cases.title')}
          aria-label={t('cases.title')}
        />
        <input
          name="description"
          maxLength={8000}
          className="case-description-input"
          placeholder={t('cases.description')}
          aria-label={t('cases.description')}
        />
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('cases.create')}
        </button>
      </form>
      <ActionStatus error={action.error} done={action.done} />
      <div className="screen-toolbar">
        <input
          type="search"
          className="case-search"
          value={query}
          placeholder={t('cases.search')}
          aria-label={t('cases.search')}
          data-testid="case-search"
          onChange={(event) => setQuery(event.target.value)}
        />
        {cases && (
          <span className="muted">{t('cases.shown', { shown: shown.length, total: cases.length })}</span>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {cases && cases.length === 0 && <p className="calm-note">{t('cases.none')}</p>}
      {shown.length > 0 && (
        <table className="data-table cases-table">
          <thead>
            <tr>
              <th>{t('cases.code')}</th>
              <th>{t('cases.title')}</th>
              <th>{t('cases.status')}</th>
              <th className="number">{t('cases.tasks')}</th>
              <th className="number">{t('cases.recordings')}</th>
              <th className="number">{t('cases.files')}</th>
              <th>{t('cases.opened')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((found) => (
              <tr key={found.id} data-testid="case-row" data-code={found.code}>
                <td>
                  <a href={caseHref(found.id)}>{found.code}</a>
                </td>
                <td>{found.title}</td>
                <td>
                  <CaseStatusChips found={found} />
                </td>
                <td className="number">{found.taskCount}</td>
                <td className="number">{found.recordingCount}</td>
                <td className="number">{found.fileCount}</td>
                <td>{new Date(found.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
