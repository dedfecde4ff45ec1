// Beside the tiles: the officers and the fixed cameras that can be put on the wall. Drag one
// onto a tile, or click it to fill the first free tile. Streaming ones come first.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCameras } from '../store/cameras';
import { useOfficers } from '../store/officers';
import { cameraStreamOf, useStreams } from '../store/streams';
import { useWall } from '../store/wall';
import { startDrag } from './dragSource';
import { showOfficerOnWall } from './showOnWall';
import { videoDeviceOf } from './videoDevice';

export function WallSources() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const officers = useOfficers((state) => state.items);
  const devices = useOfficers((state) => state.devices);
  const onDuty = useOfficers((state) => state.onDuty);
  const streams = useStreams((state) => state.items);
  const tiles = useWall((state) => state.tiles);
  const layout = useWall((state) => state.layout);
  const onWall = useMemo(
    () => new Set(tiles.slice(0, layout).map((tile) => tile?.deviceId)),
    [tiles, layout],
  );
  const cameraItems = useCameras((state) => state.items);
  const cameras = useMemo(
    () => Object.values(cameraItems).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    [cameraItems],
  );

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return Object.values(officers)
      .filter(
        (officer) =>
          !needle ||
          officer.name.toLowerCase().includes(needle) ||
          officer.badgeNo.toLowerCase().includes(needle),
      )
      .map((officer) => {
        const deviceId = videoDeviceOf(officer.id, devices, undefined, streams);
        const stream = deviceId ? cameraStreamOf(streams, deviceId) : undefined;
        return { officer, deviceId, live: stream !== undefined && stream.state !== 'ended' };
      })
      .filter((row) => row.deviceId !== null)
      .sort(
        (a, b) =>
          Number(b.live) - Number(a.live) ||
          Number(b.officer.id in onDuty) - Number(a.officer.id in onDuty) ||
          a.officer.name.localeCompare(b.officer.name, 'zh-CN'),
      );
  }, [officers, devices, streams, onDuty, filter]);

  return (
    <nav className="wall-sources" aria-label={t('wall.sources')} data-testid="wall-sources">
      <input
        type="search"
        className="wall-sources-filter"
        placeholder={t('wall.filterPlaceholder')}
        aria-label={t('wall.filterPlaceholder')}
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
      />
      <h3>{t('wall.officers')}</h3>
      <ul>
        {rows.map(({ officer, deviceId, live }) => (
          <li key={officer.id}>
            <button
              type="button"
              className="wall-source"
              data-testid="wall-source-officer"
              data-officer={officer.id}
              draggable
              onDragStart={(event) =>
                startDrag(event, { deviceId: deviceId!, officerId: officer.id }, officer.name)
              }
              onClick={() => showOfficerOnWall(officer.id)}
              title={t('wall.sourceHint')}
            >
              <span className="wall-source-name">
                {live && <span className="wall-live-dot" title={t('wall.streaming')} />}
                {officer.name}
              </span>
              <span className="wall-source-tags">
                {onWall.has(deviceId!) ? (
                  <span className="muted">{t('wall.onWall')}</span>
                ) : live ? (
                  <span className="wall-live-tag">{t('wall.streaming')}</span>
                ) : (
                  officer.id in onDuty && <span className="muted">{t('wall.onDuty')}</span>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <h3>{t('wall.cameras')}</h3>
      {cameras.length === 0 && <p className="muted small">{t('wall.noCameras')}</p>}
      <ul>
        {cameras.map((camera) => (
          <li key={camera.deviceId}>
            <button
              type="button"
              className="wall-source"
              data-testid="wall-source-camera"
              draggable
              onDragStart={(event) =>
                startDrag(event, { deviceId: camera.deviceId, officerId: null }, camera.name)
              }
              onClick={() => useWall.getState().show({ deviceId: camera.deviceId, officerId: null })}
              title={camera.pull.reason ?? t('wall.sourceHint')}
            >
              <span className="wall-source-name">{camera.name}</span>
              <span className="wall-source-tags">
                {camera.pull.state === 'pulling' && (
                  <span className="wall-live-tag">{t('wall.streaming')}</span>
                )}
                {camera.pull.state === 'retrying' && (
                  <span className="wall-warn-tag">{t('wall.cameraRetrying')}</span>
                )}
                {onWall.has(camera.deviceId) && <span className="muted">{t('wall.onWall')}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
