// An audit trail, oldest first: when, who, what, from where.
import type { AuditEntry } from '@fcc/shared';
import './recordings.css';

export function AuditTrail({ entries, testId }: { entries: AuditEntry[]; testId?: string }) {
  return (
    <ol className="audit-trail" data-testid={testId}>
      {entries.map((entry) => (
        <li key={entry.id}>
          <time>{new Date(entry.at).toLocaleString()}</time> <strong>{entry.actor}</strong> {entry.action}
          {entry.ip ? ` · ${entry.ip}` : ''}
        </li>
      ))}
    </ol>
  );
}
