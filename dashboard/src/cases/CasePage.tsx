// One case file: what it is, its legal hold, its tasks and recordings, and its evidence package.
import type { CaseDetail } from '@fcc/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionStatus, useAction } from '../admin/useAction';
import { useErrorText } from '../common/useErrorText';
import { goToCase } from '../main/screens';
import { downloadEvidencePackage, fetchCase, setLegalHold } from './casesApi';
import { CaseRecordings } from './CaseRecordings';
import { CaseStatusChips } from './CaseStatusChips';
import { CaseTasks } from './CaseTasks';
import { ReasonAction } from './ReasonAction';

export interface CaseSectionProps {
  detail: CaseDetail;
  /** Attaching and detaching are refused (the case is closed): why, to show beside the controls. */
  lockedReason: string | null;
  /** The case changed: its new state when the server answered it, else load it again. */
  onChanged: (detail?: CaseDetail) => void;
}

export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const action = useAction();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchCase(caseId, controller.signal).then(setDetail, (cause: unknown) => {
      if (!controller.signal.aborted) setError(errorText(cause));
    });
    return () => controller.abort();
  }, [caseId, version, errorText]);

  const onChanged = useCallback((changed?: CaseDetail) => {
    if (changed) setDetail(changed);
    else setVersion((value) => value + 1);
  }, []);

  const back = (
    <button type="button" className="button button-small" onClick={() => goToCase(null)}>
      {t('cases.all')}
    </button>
  );
  if (!detail) {
    return (
      <section className="screen case-page" data-testid="case-page">
        {back}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : (
          <p className="muted">{t('cases.loading')}</p>
        )}
      </section>
    );
  }

  const lockedReason: string | null = null;
  const hold = (legalHold: boolean) => (reason: string) =>
    action.run(async () => {
      onChanged(await setLegalHold(detail.id, { legalHold, ...(reason ? { reason } : {}) }));
      return legalHold ? t('cases.holdSet') : t('cases.holdReleased');
    });

  return (
    <section className="screen case-page" data-testid="case-page" data-case-code={detail.code}>
      <header className="case-header">
        {back}
        <div className="case-title">
          <h1>
            <span className="case-code">{detail.code}</span> {detail.title}
          </h1>
          <CaseStatusChips found={detail} />
        </div>
        {detail.description && <p className="case-description">{detail.description}</p>}
        <p className="muted small">
          {t('cases.openedAt', { at: new Date(detail.createdAt).toLocaleString() })}
          {detail.legalHold && detail.legalHoldReason
            ? ` · ${t('cases.heldBecause', { reason: detail.legalHoldReason })}`
            : ''}
        </p>
        <div className="row-buttons case-actions">
          {detail.legalHold ? (
            <ReasonAction label={t('cases.releaseHold')} testId="case-release-hold" onConfirm={hold(false)} />
          ) : (
            <ReasonAction label={t('cases.setHold')} testId="case-set-hold" onConfirm={hold(true)} />
          )}
          <button
            type="button"
            className="button button-small"
            disabled={action.busy}
            data-testid="case-export"
            onClick={() =>
              void action.run(async () => {
                await downloadEvidencePackage(detail.id);
                return t('cases.exported');
              })
            }
          >
            {action.busy ? t('cases.exporting') : t('replay.export')}
          </button>
        </div>
        <ActionStatus error={action.error} done={action.done} />
      </header>
      <CaseTasks detail={detail} lockedReason={lockedReason} onChanged={onChanged} />
      <CaseRecordings detail={detail} lockedReason={lockedReason} onChanged={onChanged} />
    </section>
  );
}
