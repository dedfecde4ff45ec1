// The top bar's way to the video wall: opens it (on the live screen, beside the map) and closes
// it, and says how many tiles are in use.
import { useTranslation } from 'react-i18next';
import { goToScreen, useScreen } from '../main/screens';
import { selectUser, useSession } from '../store/session';
import { useWall } from '../store/wall';

export function WallToggle() {
  const { t } = useTranslation();
  const open = useWall((state) => state.open);
  const inUse = useWall((state) => state.tiles.slice(0, state.layout).filter(Boolean).length);
  const onLive = useScreen(useSession(selectUser)?.role) === 'live';
  const shown = open && onLive;
  return (
    <button
      type="button"
      className={shown ? 'button wall-toggle active' : 'button wall-toggle'}
      data-testid="wall-toggle"
      aria-pressed={shown}
      onClick={() => {
        useWall.getState().setOpen(!shown);
        if (!onLive) goToScreen('live');
      }}
    >
      {t('wall.title')}
      {inUse > 0 && <span className="wall-count">{inUse}</span>}
    </button>
  );
}
