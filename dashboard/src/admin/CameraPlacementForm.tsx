// A fixed camera's source and placement, typed: its RTSP URL (needed once, to register it), where
// it stands, and where it looks (bearing, field of view, range). A registered camera is moved
// and turned with PATCH, which leaves its video alone; a new URL re-registers it with PUT.
import {
  CAMERA_DEFAULT_FOV,
  CAMERA_DEFAULT_RANGE_METRES,
  type CameraPlacementBody,
  type Device,
  type FixedCamera,
} from '@fcc/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCameras } from '../store/cameras';
import { placeCamera, registerCamera } from './adminApi';

interface CameraPlacementFormProps {
  device: Device;
  /** The camera as registered, or undefined when it has no RTSP source yet. */
  camera: FixedCamera | undefined;
  busy: boolean;
  run: (action: () => Promise<string | void>) => Promise<boolean>;
  onDone: () => void;
}

export function CameraPlacementForm({ device, camera, busy, run, onDone }: CameraPlacementFormProps) {
  const { t } = useTranslation();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const number = (name: string) => Number(text(name));
    const rtspUrl = text('rtspUrl');
    const bearing = text('bearing') === '' ? null : number('bearing');
    const placement = {
      location: { lat: number('lat'), lon: number('lon') },
      fov: number('fov'),
      rangeMetres: number('rangeMetres'),
    };
    void run(async () => {
      let saved: FixedCamera;
      if (!camera) {
        saved = await registerCamera(device.id, {
          rtspUrl,
          ...placement,
          ...(bearing === null ? {} : { bearing }),
        });
      } else {
        if (rtspUrl) await registerCamera(device.id, { rtspUrl, location: placement.location });
        const body: CameraPlacementBody = { ...placement, bearing };
        saved = await placeCamera(device.id, body);
      }
      // The server tells every dashboard too (camera:changed); this one need not wait for it.
      useCameras.getState().changed(saved);
      onDone();
      return t('admin.cameras.saved', { name: device.name });
    });
  };

  return (
    <form
      className="admin-form camera-placement"
      onSubmit={submit}
      data-testid="camera-placement-form"
      aria-label={t('admin.cameras.heading', { name: device.name })}
    >
      <h2>{t('admin.cameras.heading', { name: device.name })}</h2>
      <label className="camera-field camera-url">
        {t('admin.cameras.rtspUrl')}
        <input
          name="rtspUrl"
          type="text"
          required={!camera}
          pattern="rtsps?://.+"
          maxLength={1000}
          placeholder={camera ? camera.rtspUrl : 'rtsp://user:password@192.0.2.10:554/stream1'}
          title={camera ? t('admin.cameras.rtspUrlKeep') : t('admin.cameras.rtspUrlHint')}
          data-testid="camera-rtsp-url"
        />
      </label>
      <label className="camera-field">
        {t('admin.cameras.lat')}
        <input
          name="lat"
          type="number"
          required
          min={-90}
          max={90}
          step="any"
          defaultValue={camera?.location.lat}
          data-testid="camera-lat"
        />
      </label>
      <label className="camera-field">
        {t('admin.cameras.lon')}
        <input
          name="lon"
          type="number"
          required
          min={-180}
          max={180}
          step="any"
          defaultValue={camera?.location.lon}
          data-testid="camera-lon"
        />
      </label>
      <label className="camera-field">
        {t('admin.cameras.bearing')}
        <input
          name="bearing"
          type="number"
          min={0}
          max={359.9}
          step="any"
          placeholder={t('admin.cameras.bearingUnset')}
          defaultValue={camera?.bearing ?? undefined}
          title={t('admin.cameras.bearingHint')}
          data-testid="camera-bearing"
        />
      </label>
      <label className="camera-field">
        {t('admin.cameras.fov')}
        <input
          name="fov"
          type="number"
          required
          min={10}
          max={360}
          step="any"
          defaultValue={camera?.fov ?? CAMERA_DEFAULT_FOV}
          data-testid="camera-fov"
        />
      </label>
      <label className="camera-field">
        {t('admin.cameras.range')}
        <input
          name="rangeMetres"
          type="number"
          required
          min={5}
          max={2000}
          step="any"
          defaultValue={camera?.rangeMetres ?? CAMERA_DEFAULT_RANGE_METRES}
          data-testid="camera-range"
        />
      </label>
      <div className="row-buttons">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy}
          data-testid="camera-placement-save"
        >
          {t('admin.save')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
