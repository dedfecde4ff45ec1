// A case's state at a glance: open or closed, and legal hold.
import type { Case } from '@fcc/shared';
import { useTranslation } from 'react-i18next';

export function CaseStatusChips({ found }: { found: Case }) {
  const { t } = useTranslation();
  return (
    <span className="case-chips">
      <span
        className={`case-chip case-chip-${found.status}`}
        data-testid="case-status"
        title={
          found.closedAt ? t('cases.closedAt', { at: new Date(found.closedAt).toLocaleString() }) : undefined
        }
      >
        {t(`cases.statuses.${found.status}`)}
      </span>
      {found.legalHold && (
        <span className="case-chip case-chip-hold" title={found.legalHoldReason ?? undefined}>
          {t('cases.legalHold')}
        </span>
      )}
    </span>
  );
}
