// A button for an action that has to say why (detach, legal hold, close, reopen): pressed, it
// opens a reason field with a confirm button, enabled once a reason is written when one is
// required. The reason goes to the server, which writes it to the audit log.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface ReasonActionProps {
  label: string;
  /** The confirm button's words; the label when not given. */
  confirmLabel?: string;
  placeholder?: string;
  /** A reason is required (default); otherwise it may stay empty. */
  required?: boolean;
  disabled?: boolean;
  /** Why the button is disabled, as its tooltip. */
  disabledReason?: string;
  danger?: boolean;
  testId?: string;
  /** Resolves true when done (the field closes), false to keep it open (the error is shown). */
  onConfirm: (reason: string) => Promise<boolean>;
}

export function ReasonAction({
  label,
  confirmLabel,
  placeholder,
  required = true,
  disabled,
  disabledReason,
  danger,
  testId,
  onConfirm,
}: ReasonActionProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button
        type="button"
        className={danger ? 'button button-small button-danger' : 'button button-small'}
        disabled={disabled}
        title={disabled ? disabledReason : undefined}
        data-testid={testId}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const done = await onConfirm(reason.trim());
    setBusy(false);
    if (done) {
      setOpen(false);
      setReason('');
    }
  };

  return (
    <form className="reason-form" onSubmit={submit} data-testid={testId ? `${testId}-form` : undefined}>
      <input
        autoFocus
        value={reason}
        maxLength={1000}
        required={required}
        placeholder={placeholder ?? (required ? t('cases.reasonRequired') : t('cases.reasonOptional'))}
        aria-label={placeholder ?? t('cases.reason')}
        onChange={(event) => setReason(event.target.value)}
      />
      <button
        type="submit"
        className={danger ? 'button button-small button-danger' : 'button button-small button-primary'}
        disabled={busy || (required && reason.trim() === '')}
      >
        {confirmLabel ?? label}
      </button>
      <button type="button" className="button button-small" disabled={busy} onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
