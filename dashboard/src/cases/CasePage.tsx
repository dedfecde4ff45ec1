// One case file: what it is, open or closed, its legal hold, its tasks, recordings, photos and
// documents, its audit trail and its evidence package. A closed case is shown as such, with every
// control that would change it disabled and the reason beside it.
import type { AuditEntry, CaseDetail } from '@fcc/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionStatus, useAction } from '../admin/useAction';
import { useErrorText } from '../common/useErrorText';
import { goToCase } from '../main/screens';
import { AuditTrail } from '../recordings/AuditTrail';
import { CaseFiles } from './CaseFiles';
import { CaseRecordings } from './CaseRecordings';
import {
  closeCase,
  downloadEvidencePackage,
  fetchCase,
  fetchCaseAudit,
  reopenCase,
  setLegalHold,
} from './casesApi';
import { CaseStatusChips } from './CaseStatusChips';
import { CaseTasks } from './CaseTasks';
import { CaseUpload } from './CaseUpload';
import { ReasonAction } from './ReasonAction';

export interface CaseSectionProps {
  detail: CaseDetail;
  /** Attaching and uploading are refused (the case is closed): why, shown on the controls. */
  lockedReason: string | null;
  /** Detaching is refused (closed, or under legal hold): why. */
  detachBlockedReason: string | null;
  /** The case changed: its new state when the server answered it, else load it again. */
  onChanged: (detail?: CaseDetail) => void;
}

export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const action = useAction();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [trail, setTrail] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchCase(caseId, controller.signal).then(setDetail, (cause: unknown) => {
      if (!controller.signal.aborted) setError(errorText(cause));
    });
    return () => controller.abort();
  }, [caseId, version, errorText]);

  // The trail follows every change to the case (each one is an audit entry).
  useEffect(() => {
    if (!detail) return;
    const controller = new AbortController();
    fetchCaseAudit(caseId, controller.signal).then(setTrail, () => undefined);
    return () => controller.abort();
  }, [caseId, detail]);

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
        <div>{back}</div>
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

  const closed = detail.status === 'closed';
  const closedAt = detail.closedAt ? new Date(detail.closedAt).toLocaleString() : '';
  const lockedReason = closed ? t('cases.closedLocked', { at: closedAt }) : null;
  const detachBlockedReason = lockedReason ?? (detail.legalHold ? t('cases.heldLocked') : null);
  const sectionProps = { detail, lockedReason, detachBlockedReason, onChanged };

  const hold = (legalHold: boolean) => (reason: string) =>
    action.run(async () => {
      onChanged(await setLegalHold(detail.id, { legalHold, ...(reason ? { reason } : {}) }));
      return legalHold ? t('cases.holdSet') : t('cases.holdReleased');
    });
  const close = (reason: string) =>
    action.run(async () => {
      await closeCase(detail.id, reason);
      onChanged();
      return t('cases.closedNow');
    });
  const reopen = (reason: string) =>
    action.run(async () => {
      await reopenCase(detail.id, reason);
      onChanged();
      return t('cases.reopenedNow');
    });

  return (
    <section
      className={closed ? 'screen case-page case-closed' : 'screen case-page'}
      data-testid="case-page"
      data-case-code={detail.code}
      data-status={detail.status}
    >
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
        {closed && (
          <p className="case-closed-banner" role="status" data-testid="case-closed-banner">
            {lockedReason}
          </p>
        )}
        <div className="row-buttons case-actions">
          {closed ? (
            <ReasonAction
              label={t('cases.reopen')}
              placeholder={t('cases.reopenReason')}
              testId="case-reopen"
              onConfirm={reopen}
            />
          ) : (
            <ReasonAction
              label={t('cases.close')}
              placeholder={t('cases.closeReason')}
              required={false}
              testId="case-close"
              onConfirm={close}
            />
          )}
          {detail.legalHold ? (
            <ReasonAction
              label={t('cases.releaseHold')}
              placeholder={t('cases.holdReason')}
              testId="case-release-hold"
              onConfirm={hold(false)}
            />
          ) : (
            <ReasonAction
              label={t('cases.setHold')}
              placeholder={t('cases.holdReason')}
              testId="case-set-hold"
              onConfirm={hold(true)}
            />
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
            {action.busy ? t('cases.working') : t('replay.export')}
          </button>
        </div>
        <ActionStatus error={action.error} done={action.done} />
      </header>
      {/* Closing or reopening starts the sections afresh: earlier notes and uploads no longer apply. */}
      <CaseTasks key={`tasks-${detail.status}`} {...sectionProps} />
      <CaseRecordings key={`recordings-${detail.status}`} {...sectionProps} />
      <CaseUpload key={`upload-${detail.status}`} {...sectionProps} />
      <CaseFiles key={`files-${detail.status}`} {...sectionProps} />
      <section className="case-section" data-testid="case-audit">
        <h2>{t('replay.auditTrail')}</h2>
        <AuditTrail entries={trail} testId="case-audit-trail" />
      </section>
    </section>
  );
}
