// The top bar's way to the video wall: opens and closes it, and says how many tiles are in use.
import { useTranslation } from 'react-i18next';
import { useWall } from '../store/wall';

export function WallToggle() {
  const { t } = useTranslation();
  const open = useWall((state) => state.open);
  const inUse = useWall((state) => state.tiles.slice(0, state.layout).filter(Boolean).length);
  return (
    <button
      type="button"
      className={open ? 'button wall-toggle active' : 'button wall-toggle'}
      data-testid="wall-toggle"
      aria-pressed={open}
      onClick={() => useWall.getState().setOpen(!open)}
    >
      {t('wall.title')}
      {inUse > 0 && <span className="wall-count">{inUse}</span>}
    </button>
  );
}
