// An audit trail, oldest first: when, who, what (in the reader's language, with the action's
// code as the log stores it), why when a reason was given, and from where.
import type { AuditEntry } from '@fcc/shared';
import { useTranslation } from 'react-i18next';
import './recordings.css';

export function AuditTrail({ entries, testId }: { entries: AuditEntry[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <ol className="audit-trail" data-testid={testId}>
      {entries.map((entry) => {
        const reason = typeof entry.details.reason === 'string' ? entry.details.reason : null;
        return (
          <li key={entry.id}>
            <time>{new Date(entry.at).toLocaleString()}</time> <strong>{entry.actor}</strong>{' '}
            {t(`auditActions.${entry.action.replace(/\./g, '_')}`, { defaultValue: entry.action })}
            {reason ? ` · ${t('auditActions.reason', { reason })}` : ''}
            {entry.ip ? ` · ${entry.ip}` : ''} <code className="audit-code">{entry.action}</code>
          </li>
        );
      })}
    </ol>
  );
}
