// The officer app: sign in once per phone, then one screen: who and whether the centre sees
// them, live video and talkback (top), the tasks (middle), check-in, record and SOS always
// under the thumb (bottom).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../common/LanguageSwitch';
import { fetchSelf } from './api';
import { useOfficerConnection } from './device/useOfficerConnection';
import { GpsIndicator } from './gps/GpsIndicator';
import { CheckInButton } from './scan/CheckInButton';
import { SignInPage } from './signin/SignInPage';
import { tokenFromScan } from './signin/tokenFromScan';
import { SosButton } from './sos/SosButton';
import { useDeviceSession } from './store/deviceSession';
import { useGpsStatus } from './store/gpsStatus';
import { TaskList } from './tasks/TaskList';
import { useTaskAnnouncer } from './tasks/useTaskAnnouncer';
import { LiveBanner } from './video/LiveBanner';
import { RecordButton } from './video/RecordButton';
import { TalkbackBanner } from './video/TalkbackBanner';

export function OfficerApp() {
  const token = useDeviceSession((state) => state.token);
  const linkToken = useSignInLink();
  return token && token === (linkToken ?? token) ? <SignedIn /> : <SignInPage linkToken={linkToken} />;
}

/**
 * The token of a sign-in link (…/officer#token=…) the phone opened, now or later in this tab;
 * taken out of the address bar at once so that it is not left on the screen or in the history.
 */
function useSignInLink(): string | null {
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => {
    const take = () => {
      const fromLink = tokenFromScan(window.location.href);
      if (!fromLink) return;
      history.replaceState(null, '', window.location.pathname);
      setToken(fromLink);
    };
    take();
    window.addEventListener('hashchange', take);
    return () => window.removeEventListener('hashchange', take);
  }, []);
  return token;
}

function SignedIn() {
  const { t } = useTranslation();
  const self = useDeviceSession((state) => state.self);
  const [menuOpen, setMenuOpen] = useState(false);
  const announcement = useTaskAnnouncer();
  useOfficerConnection();

  // The officer or the device may have changed since sign-in; a revoked token signs out here.
  useEffect(() => {
    const controller = new AbortController();
    fetchSelf(controller.signal).then(
      (fresh) => useDeviceSession.getState().setSelf(fresh),
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  return (
    <div className="officer-app" data-testid="officer-app">
      <header className="app-header">
        <div className="who">
          <span className="who-name" data-testid="officer-name">
            {self?.officer?.name ?? self?.device.name}
          </span>
          {self?.officer && (
            <span className="who-badge">{t('officerApp.badge', { badge: self.officer.badgeNo })}</span>
          )}
        </div>
        <button
          type="button"
          className="btn menu-button"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('officerApp.menu')}
        </button>
      </header>
      <LiveBanner />
      <TalkbackBanner />
      <GpsIndicator />
      {menuOpen && <Menu onClose={() => setMenuOpen(false)} />}
      {announcement.codes.length > 0 && (
        <button
          type="button"
          className="new-task-banner"
          role="alert"
          onClick={announcement.dismiss}
          data-testid="new-task-banner"
        >
          {t('officerApp.tasks.new', {
            codes: announcement.codes.join(', '),
            count: announcement.codes.length,
          })}
        </button>
      )}
      <main className="app-main">
        <TaskList />
      </main>
      <nav className="action-bar" aria-label={t('officerApp.actions')}>
        <CheckInButton />
        <RecordButton />
        <SosButton />
      </nav>
    </div>
  );
}

function Menu({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const self = useDeviceSession((state) => state.self);
  const buffered = useGpsStatus((state) => state.buffered);
  const signOut = () => {
    if (buffered > 0 && !window.confirm(t('officerApp.signOutWithBuffered', { count: buffered }))) return;
    useDeviceSession.getState().signOut();
  };
  return (
    <div className="menu" data-testid="officer-menu">
      <LanguageSwitch />
      <p className="muted">
        {t('officerApp.device', { name: self?.device.name ?? '', id: self?.device.uniqueId ?? '' })}
      </p>
      <button type="button" className="btn btn-block" onClick={signOut}>
        {t('officerApp.signOut')}
      </button>
      <button type="button" className="btn btn-quiet btn-block" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
