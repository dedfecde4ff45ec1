// Turns a failed request into words for the operator: the server's own message
// when there is one (it is written to be acted on), ours when there is none.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NO_RESPONSE } from '../api/client';

export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) return t('errors.unexpected');
      if (error.status === NO_RESPONSE) return t('errors.network');
      return error.message || t('errors.unexpected');
    },
    [t],
  );
}
