// The screens this account may open, as tabs in the top bar.
import { useTranslation } from 'react-i18next';
import { selectUser, useSession } from '../store/session';
import { goToScreen, isReplayPage, mayOpen, REPLAY_ROLES, SCREENS, useScreen } from './screens';
import './screens.css';

export function ScreenNav() {
  const { t } = useTranslation();
  const role = useSession(selectUser)?.role;
  const onReplay = isReplayPage();
  const current = useScreen(role);
  const allowed = SCREENS.filter((screen) => mayOpen(screen, role));
  const mayReplay = role !== undefined && REPLAY_ROLES.includes(role);
  if (allowed.length + (mayReplay ? 1 : 0) < 2) return null;
  return (
    <nav className="screen-nav" aria-label={t('screens.label')}>
      {allowed.map((screen) => (
        <button
          key={screen}
          type="button"
          className="screen-nav-item"
          aria-current={!onReplay && screen === current ? 'page' : undefined}
          data-testid={`screen-${screen}`}
          onClick={() => goToScreen(screen)}
        >
          {t(`screens.${screen}`)}
        </button>
      ))}
      {mayReplay && (
        <a
          className="screen-nav-item"
          href="/replay"
          aria-current={onReplay ? 'page' : undefined}
          data-testid="nav-replay"
        >
          {t('topBar.replay')}
        </a>
      )}
    </nav>
  );
}
