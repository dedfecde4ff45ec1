// What shows until the client configuration has arrived, or why it has not.
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../common/useErrorText';

interface StartupScreenProps {
  error: unknown;
  onRetry: () => void;
}

export function StartupScreen({ error, onRetry }: StartupScreenProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <div className="startup-screen">
      {error ? (
        <div className="startup-error" role="alert">
          <p>{t('app.configFailed', { message: errorText(error) })}</p>
          <button type="button" className="button" onClick={onRetry}>
            {t('app.retry')}
          </button>
        </div>
      ) : (
        <p role="status">{t('app.loading')}</p>
      )}
    </div>
  );
}
