// The video wall panel beside the map: layout (1, 4, 9 or 16 tiles), the officers and cameras
// to put on it, and the tiles. It can take the map's place too; the map stays loaded meanwhile.
import { useTranslation } from 'react-i18next';
import './wall.css';
import { useWall } from '../store/wall';
import { VideoTile } from './VideoTile';
import { WallSources } from './WallSources';
import { columnsOf, WALL_LAYOUTS } from './wallLayout';

export function VideoWall() {
  const { t } = useTranslation();
  const open = useWall((state) => state.open);
  const layout = useWall((state) => state.layout);
  const tiles = useWall((state) => state.tiles);
  const enlarged = useWall((state) => state.enlarged);
  const maximised = useWall((state) => state.maximised);
  if (!open) return null;

  const columns = columnsOf(layout);
  return (
    <section
      className="video-wall"
      aria-label={t('wall.title')}
      data-testid="video-wall"
      data-layout={layout}
    >
      <header className="video-wall-bar">
        <h2>{t('wall.title')}</h2>
        <div className="wall-layouts" role="group" aria-label={t('wall.layout')}>
          {WALL_LAYOUTS.map((size) => (
            <button
              key={size}
              type="button"
              className="button wall-layout-button"
              data-testid={`wall-layout-${size}`}
              aria-pressed={layout === size}
              title={t('wall.layoutTiles', { n: size })}
              onClick={() => useWall.getState().setLayout(size)}
            >
              <LayoutIcon columns={columnsOf(size)} />
              <span className="visually-hidden">{t('wall.layoutTiles', { n: size })}</span>
            </button>
          ))}
        </div>
        <span className="wall-bar-hint muted">{t('wall.hint')}</span>
        <button
          type="button"
          className="button"
          data-testid="wall-maximise"
          aria-pressed={maximised}
          onClick={() => useWall.getState().setMaximised(!maximised)}
        >
          {maximised ? t('wall.showMap') : t('wall.hideMap')}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t('wall.close')}
          title={t('wall.close')}
          onClick={() => useWall.getState().setOpen(false)}
        >
          ×
        </button>
      </header>
      <div className="video-wall-body">
        <WallSources />
        <div
          className={enlarged === null ? 'wall-grid' : 'wall-grid has-enlarged'}
          data-testid="wall-grid"
          style={{
            gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${columns}, minmax(0, 1fr))`,
          }}
        >
          {tiles.slice(0, layout).map((source, index) => (
            <VideoTile key={index} index={index} source={source} enlarged={enlarged === index} />
          ))}
        </div>
      </div>
    </section>
  );
}

/** A small grid drawing of the layout, so the buttons read without words. */
function LayoutIcon({ columns }: { columns: number }) {
  const cell = 16 / columns;
  return (
    <svg width="18" height="18" viewBox="-1 -1 18 18" aria-hidden="true">
      {Array.from({ length: columns * columns }, (_, index) => (
        <rect
          key={index}
          x={(index % columns) * cell + 0.6}
          y={Math.floor(index / columns) * cell + 0.6}
          width={cell - 1.2}
          height={cell - 1.2}
          rx="0.8"
          fill="currentColor"
        />
      ))}
    </svg>
  );
}
