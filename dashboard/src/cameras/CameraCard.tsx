// The selected fixed camera: its name, whether the server pulls it (and why not, when it
// failed), where it looks, and "Watch video" to put it on the video wall.
import { useTranslation } from 'react-i18next';
import { selectCamera, useCameras } from '../store/cameras';
import { useUi } from '../store/ui';
import { useWall } from '../store/wall';
import { startDrag } from '../wall/dragSource';
import { CAMERA_STATUS_COLOURS, cameraStatusOf, compassPoint } from './cameraStatus';

export function CameraCard() {
  const { t } = useTranslation();
  const cameraId = useUi((state) => state.selectedCameraId);
  const camera = useCameras(selectCamera(cameraId));
  if (!camera) return null;
  const status = cameraStatusOf(camera);
  const source = { deviceId: camera.deviceId, officerId: null };

  return (
    <section
      className="officer-card camera-card"
      aria-label={t('camera.cardLabel')}
      data-testid="camera-card"
      data-status={status}
    >
      <header
        className="officer-card-header"
        // Dragged onto a video wall tile, the camera shows there.
        draggable
        onDragStart={(event) => startDrag(event, source, camera.name)}
      >
        <span className="status-dot" style={{ backgroundColor: CAMERA_STATUS_COLOURS[status] }} />
        <div className="officer-card-title">
          <span className="officer-name">{camera.name}</span>
          <span className="muted">{t('camera.kind')}</span>
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label={t('common.close')}
          onClick={() => useUi.getState().selectCamera(null)}
        >
          ×
        </button>
      </header>
      <p className={`officer-status camera-status-${status}`} data-testid="camera-status">
        {t(`camera.status.${status}`)}
      </p>
      {camera.pull.reason && status !== 'live' && (
        <p className="camera-reason small" data-testid="camera-reason">
          {t('camera.reason', { reason: camera.pull.reason })}
        </p>
      )}
      <dl className="facts">
        <dt>{t('camera.looks')}</dt>
        <dd data-testid="camera-view">
          {camera.bearing === null
            ? t('camera.noBearing')
            : t('camera.view', {
                bearing: Math.round(camera.bearing),
                compass: t(`camera.compass.${compassPoint(camera.bearing)}`),
                fov: Math.round(camera.fov),
                range: Math.round(camera.rangeMetres),
              })}
        </dd>
        <dt>{t('camera.location')}</dt>
        <dd>
          {camera.location.lat.toFixed(5)}, {camera.location.lon.toFixed(5)}
        </dd>
      </dl>
      <div className="officer-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="camera-watch-video"
          title={t('camera.watchVideoHint')}
          onClick={() => useWall.getState().show(source)}
        >
          {t('officer.watchVideo')}
        </button>
      </div>
    </section>
  );
}
