// The screens this account may open, as tabs in the top bar.
import { useTranslation } from 'react-i18next';
import { selectUser, useSession } from '../store/session';
import { goToScreen, SCREEN_ROLES, useScreen, type Screen } from './screens';
import './screens.css';

const SCREENS: Screen[] = ['live', 'statistics', 'admin'];

export function ScreenNav() {
  const { t } = useTranslation();
  const role = useSession(selectUser)?.role;
  const current = useScreen(role);
  const allowed = SCREENS.filter(
    (screen) => screen === 'live' || (role && SCREEN_ROLES[screen].includes(role)),
  );
  if (allowed.length < 2) return null;
  return (
    <nav className="screen-nav" aria-label={t('screens.label')}>
      {allowed.map((screen) => (
        <button
          key={screen}
          type="button"
          className="screen-nav-item"
          aria-current={screen === current ? 'page' : undefined}
          data-testid={`screen-${screen}`}
          onClick={() => goToScreen(screen)}
        >
          {t(`screens.${screen}`)}
        </button>
      ))}
    </nav>
  );
}
