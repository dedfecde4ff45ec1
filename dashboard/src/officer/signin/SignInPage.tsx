// Signing the phone in as a device: paste the token the administrator issued, scan its QR
// code, or open the sign-in link (…/officer#token=…) that the QR code carries.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NO_RESPONSE } from '../../api/client';
import { LanguageSwitch } from '../../common/LanguageSwitch';
import { fetchSelfWith } from '../api';
import { QrScanner } from '../scan/QrScanner';
import { useDeviceSession } from '../store/deviceSession';
import { tokenFromScan } from './tokenFromScan';

export function SignInPage({ linkToken }: { linkToken: string | null }) {
  const { t } = useTranslation();
  const signedOutReason = useDeviceSession((state) => state.signedOutReason);
  const signIn = useDeviceSession((state) => state.signIn);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(
    signedOutReason === 'refused' ? t('officerApp.signIn.revoked') : null,
  );
  const [scanning, setScanning] = useState(false);

  const tryToken = async (candidate: string) => {
    const value = candidate.trim();
    if (!value) return;
    setBusy(true);
    setError(null);
    try {
      signIn(value, await fetchSelfWith(value));
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 401) setError(t('officerApp.signIn.refused'));
      else if (cause instanceof ApiError && cause.status === NO_RESPONSE) setError(t('errors.network'));
      else setError(cause instanceof Error ? cause.message : t('errors.unexpected'));
    } finally {
      setBusy(false);
    }
  };

  // A sign-in link opened on this phone: try its token at once.
  useEffect(() => {
    if (!linkToken) return;
    setToken(linkToken);
    void tryToken(linkToken);
    // Only when a link brings a token; tryToken is recreated each render but does the same.
  }, [linkToken]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void tryToken(token);
  };

  const onScanned = (text: string) => {
    setScanning(false);
    const scanned = tokenFromScan(text);
    if (!scanned) {
      setError(t('officerApp.signIn.notASignInCode'));
      return;
    }
    setToken(scanned);
    void tryToken(scanned);
  };

  return (
    <div className="signin" data-testid="officer-signin">
      <div className="signin-top">
        <LanguageSwitch />
      </div>
      <h1>{t('officerApp.signIn.heading')}</h1>
      <p className="lead">{t('officerApp.signIn.explain')}</p>
      <button
        type="button"
        className="btn btn-primary btn-block btn-tall"
        onClick={() => setScanning(true)}
        disabled={busy}
      >
        {t('officerApp.signIn.scan')}
      </button>
      <form onSubmit={onSubmit} className="signin-form">
        <label htmlFor="device-token">{t('officerApp.signIn.tokenLabel')}</label>
        <textarea
          id="device-token"
          value={token}
          rows={3}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder="fcc_d_…"
          onChange={(event) => setToken(event.target.value)}
        />
        <button type="submit" className="btn btn-block btn-tall" disabled={busy || !token.trim()}>
          {busy ? t('officerApp.signIn.checking') : t('officerApp.signIn.submit')}
        </button>
      </form>
      {error && (
        <p className="notice notice-error" role="alert" data-testid="signin-error">
          {error}
        </p>
      )}
      {scanning && (
        <QrScanner
          title={t('officerApp.signIn.scan')}
          onText={onScanned}
          onClose={() => setScanning(false)}
        />
      )}
    </div>
  );
}
