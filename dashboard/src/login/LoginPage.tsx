// Sign-in. The server's message is shown as it is: it says what to do (wrong
// credentials, or wait after too many attempts).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { login } from '../api/endpoints';
import { LanguageSwitch } from '../common/LanguageSwitch';
import { PRODUCT_TITLE_EN, PRODUCT_TITLE_ZH } from '../common/product';
import { useErrorText } from '../common/useErrorText';
import { selectSignIn, useSession } from '../store/session';

interface LoginPageProps {
  townName: string;
}

export function LoginPage({ townName }: LoginPageProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const signIn = useSession(selectSignIn);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The two answers an officer at a keyboard meets most, in their own language;
  // anything else is the server's message.
  function loginErrorText(failure: unknown): string {
    if (failure instanceof ApiError && failure.status === 401) return t('login.wrongCredentials');
    if (failure instanceof ApiError && failure.status === 429) {
      return `${t('login.tooManyAttempts')} (${failure.message})`;
    }
    return errorText(failure);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      signIn(await login({ username: username.trim(), password }));
    } catch (failure) {
      setError(loginErrorText(failure));
      setSubmitting(false);
    }
  }

  return (
    <div className="login-screen">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <main className="login-card">
        <header className="login-header">
          <h1 className="product-title">
            <span lang="zh-CN">{PRODUCT_TITLE_ZH}</span>
            <span className="product-title-separator" aria-hidden="true">
              {' / '}
            </span>
            <span lang="en">{PRODUCT_TITLE_EN}</span>
          </h1>
          <p className="login-town">{townName}</p>
        </header>
        <form
          className="login-form"
          data-testid="login-form"
          aria-labelledby="login-heading"
          onSubmit={handleSubmit}
        >
          <h2 id="login-heading">{t('login.heading')}</h2>
          <fieldset disabled={submitting}>
            <label htmlFor="login-username">{t('login.username')}</label>
            <input
              id="login-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              autoFocus
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            {error && (
              <p className="form-error" role="alert" data-testid="login-error">
                {error}
              </p>
            )}
            <button type="submit" className="button button-primary">
              {submitting ? t('login.submitting') : t('login.submit')}
            </button>
          </fieldset>
        </form>
      </main>
    </div>
  );
}
