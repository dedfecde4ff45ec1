// Product, town, who is signed in, language, sign out.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { logout } from '../api/endpoints';
import { LanguageSwitch } from '../common/LanguageSwitch';
import { PRODUCT_TITLE_EN, PRODUCT_TITLE_ZH } from '../common/product';
import { selectClear, selectUser, useSession } from '../store/session';
import { WallToggle } from '../wall/WallToggle';
import { ScreenNav } from './ScreenNav';
import { isReplayPage } from './screens';

interface TopBarProps {
  townName: string;
}

export function TopBar({ townName }: TopBarProps) {
  const { t } = useTranslation();
  const user = useSession(selectUser);
  const clear = useSession(selectClear);
  const [signingOut, setSigningOut] = useState(false);

  async function signOut() {
    setSigningOut(true);
    try {
      await logout();
    } catch (error) {
      // The server may be unreachable; the operator still leaves this screen.
      console.warn('Sign-out request failed; forgetting the session locally', error);
    } finally {
      clear();
    }
  }

  return (
    <header className="top-bar">
      <div className="top-bar-brand">
        <span className="product-title">
          <span lang="zh-CN">{PRODUCT_TITLE_ZH}</span>
          <span className="product-title-separator" aria-hidden="true">
            {' / '}
          </span>
          <span lang="en">{PRODUCT_TITLE_EN}</span>
        </span>
        <span className="top-bar-town">{townName}</span>
      </div>
      <ScreenNav />
      <div className="top-bar-actions">
        {!isReplayPage() && <WallToggle />}
        <LanguageSwitch />
        {user && (
          <div className="current-user" data-testid="current-user" aria-label={t('topBar.signedInAs')}>
            <span className="current-user-name">{user.displayName}</span>
            <span className="current-user-role">{t(`roles.${user.role}`)}</span>
          </div>
        )}
        <button
          type="button"
          className="button"
          data-testid="sign-out"
          disabled={signingOut}
          onClick={signOut}
        >
          {signingOut ? t('topBar.signingOut') : t('topBar.signOut')}
        </button>
      </div>
    </header>
  );
}
