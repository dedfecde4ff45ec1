// Detach a task, a recording or a file from the case, with the reason the audit log keeps.
import { useTranslation } from 'react-i18next';
import type { useAction } from '../admin/useAction';
import { detachFromCase, type Detachable } from './casesApi';
import { ReasonAction } from './ReasonAction';

interface DetachButtonProps {
  caseId: string;
  what: Detachable;
  id: string;
  /** Why detaching is refused now (closed, legal hold), or null. */
  blockedReason: string | null;
  /** The section's action runner: its busy state and its messages. */
  action: ReturnType<typeof useAction>;
  onDetached: () => void;
}

export function DetachButton({ caseId, what, id, blockedReason, action, onDetached }: DetachButtonProps) {
  const { t } = useTranslation();
  return (
    <ReasonAction
      label={t('cases.detach')}
      placeholder={t('cases.detachReason')}
      danger
      disabled={blockedReason !== null || action.busy}
      disabledReason={blockedReason ?? undefined}
      testId="case-detach"
      onConfirm={(reason) =>
        action.run(async () => {
          await detachFromCase(caseId, what, id, reason);
          onDetached();
          return t('cases.detached');
        })
      }
    />
  );
}
