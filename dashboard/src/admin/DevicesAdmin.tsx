// Devices: register one (body camera, phone, vehicle, drone, fixed camera) for an officer, issue
// its API token (shown once, as text for a camera's settings and as the officers' sign-in QR),
// and revoke it; a fixed camera's RTSP source and where it stands and looks.
import { DEVICE_KINDS, type Device, type DeviceKind, type DeviceTokenIssued } from '@fcc/shared';
import { Fragment, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QrCode } from '../common/QrCode';
import { signInLink } from '../devices/SignInQrDialog';
import { useCameras } from '../store/cameras';
import { useOfficers } from '../store/officers';
import { createDevice, issueToken, revokeToken } from './adminApi';
import { CameraPlacementForm } from './CameraPlacementForm';
import { reloadRoster } from './reloadRoster';
import { ActionStatus, useAction } from './useAction';

type Pending = { device: Device; step: 'issue' | 'revoke' };

export function DevicesAdmin() {
  const { t } = useTranslation();
  const devices = useOfficers((state) => state.devices);
  const officers = useOfficers((state) => state.items);
  const cameras = useCameras((state) => state.items);
  const action = useAction();
  /** The fixed camera whose placement form is open. */
  const [placing, setPlacing] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [issued, setIssued] = useState<{ device: Device; token: DeviceTokenIssued } | null>(null);
  const rows = useMemo(
    () => Object.values(devices).sort((a, b) => a.uniqueId.localeCompare(b.uniqueId)),
    [devices],
  );
  const officerList = useMemo(
    () => Object.values(officers).sort((a, b) => a.badgeNo.localeCompare(b.badgeNo)),
    [officers],
  );

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void action.run(async () => {
      const device = await createDevice({
        kind: String(data.get('kind')) as DeviceKind,
        name: String(data.get('name')).trim(),
        uniqueId: String(data.get('uniqueId')).trim(),
        officerId: String(data.get('officerId')) || null,
      });
      form.reset();
      await reloadRoster();
      return t('admin.devices.created', { uniqueId: device.uniqueId });
    });
  };

  const confirm = (step: Pending) =>
    void action.run(async () => {
      if (step.step === 'issue') {
        const token = await issueToken(step.device.id);
        setIssued({ device: step.device, token });
      } else {
        await revokeToken(step.device.id);
      }
      setPending(null);
      await reloadRoster();
      return step.step === 'revoke'
        ? t('admin.devices.revoked', { uniqueId: step.device.uniqueId })
        : undefined;
    });

  return (
    <div className="admin-section" data-testid="devices-admin">
      <form className="admin-form" onSubmit={create} data-testid="device-create">
        <h2>{t('admin.devices.add')}</h2>
        <select name="kind" aria-label={t('admin.devices.kind')} defaultValue="bodycam">
          {DEVICE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`devices.kind.${kind}`, { defaultValue: kind })}
            </option>
          ))}
        </select>
        <input
          name="name"
          required
          maxLength={100}
          placeholder={t('admin.devices.name')}
          aria-label={t('admin.devices.name')}
        />
        <input
          name="uniqueId"
          required
          maxLength={64}
          pattern="[A-Za-z0-9._:\-]+"
          title={t('admin.devices.uniqueIdHint')}
          placeholder={t('admin.devices.uniqueId')}
          aria-label={t('admin.devices.uniqueId')}
        />
        <select name="officerId" aria-label={t('admin.devices.officer')} defaultValue="">
          <option value="">{t('admin.devices.noOfficer')}</option>
          {officerList.map((officer) => (
            <option key={officer.id} value={officer.id}>
              {officer.name} · {officer.badgeNo}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('admin.create')}
        </button>
      </form>
      <ActionStatus error={action.error} done={action.done} />
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('admin.devices.uniqueId')}</th>
            <th>{t('admin.devices.name')}</th>
            <th>{t('admin.devices.kind')}</th>
            <th>{t('admin.devices.officer')}</th>
            <th>{t('admin.devices.token')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((device) => {
            const officer = device.officerId ? officers[device.officerId] : undefined;
            const asking = pending?.device.id === device.id ? pending.step : null;
            const isCamera = device.kind === 'fixed_camera';
            const camera = cameras[device.id];
            return (
              <Fragment key={device.id}>
                <tr data-testid="admin-device-row" data-unique-id={device.uniqueId}>
                  <td>{device.uniqueId}</td>
                  <td>{device.name}</td>
                  <td>
                    {t(`devices.kind.${device.kind}`, { defaultValue: device.kind })}
                    {isCamera && (
                      <div className="muted small" data-testid="camera-placement-summary">
                        {!camera
                          ? t('admin.cameras.notRegistered')
                          : camera.bearing === null
                            ? t('camera.noBearing')
                            : t('admin.cameras.summary', {
                                bearing: Math.round(camera.bearing),
                                fov: Math.round(camera.fov),
                                range: Math.round(camera.rangeMetres),
                              })}
                      </div>
                    )}
                  </td>
                  <td>{officer ? `${officer.name} · ${officer.badgeNo}` : '–'}</td>
                  <td data-testid="device-token-state">
                    {device.hasToken ? t('devices.hasToken') : t('devices.noToken')}
                  </td>
                  <td className="row-buttons">
                    {asking ? (
                      <>
                        <span className="small">
                          {asking === 'revoke'
                            ? t('admin.devices.revokeWarning')
                            : device.hasToken
                              ? t('devices.replaceWarning')
                              : t('admin.devices.issueExplain')}
                        </span>
                        <button
                          type="button"
                          className="button button-primary button-small"
                          data-testid="device-confirm"
                          disabled={action.busy}
                          onClick={() => confirm({ device, step: asking })}
                        >
                          {asking === 'revoke' ? t('admin.devices.revoke') : t('admin.devices.issue')}
                        </button>
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setPending(null)}
                        >
                          {t('common.cancel')}
                        </button>
                      </>
                    ) : (
                      <>
                        <button
                          type="button"
                          className="button button-small"
                          data-testid="device-issue"
                          onClick={() => setPending({ device, step: 'issue' })}
                        >
                          {t('admin.devices.issue')}
                        </button>
                        <button
                          type="button"
                          className="button button-small"
                          data-testid="device-revoke"
                          disabled={!device.hasToken}
                          onClick={() => setPending({ device, step: 'revoke' })}
                        >
                          {t('admin.devices.revoke')}
                        </button>
                        {isCamera && (
                          <button
                            type="button"
                            className="button button-small"
                            data-testid="camera-place"
                            aria-expanded={placing === device.id}
                            onClick={() => setPlacing(placing === device.id ? null : device.id)}
                          >
                            {t('admin.cameras.place')}
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
                {placing === device.id && (
                  <tr className="camera-placement-row">
                    <td colSpan={6}>
                      <CameraPlacementForm
                        device={device}
                        camera={camera}
                        busy={action.busy}
                        run={action.run}
                        onDone={() => setPlacing(null)}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {issued && (
        <TokenDialog
          device={issued.device}
          officerName={issued.device.officerId ? (officers[issued.device.officerId]?.name ?? '') : ''}
          token={issued.token.token}
          onClose={() => setIssued(null)}
        />
      )}
    </div>
  );
}

interface TokenDialogProps {
  device: Device;
  officerName: string;
  token: string;
  onClose: () => void;
}

/** The new token, this once: as text (a camera's settings) and, for a phone, the sign-in QR. */
function TokenDialog({ device, officerName, token, onClose }: TokenDialogProps) {
  const { t } = useTranslation();
  const link = signInLink(window.location.origin, token);
  return (
    <div className="modal-backdrop">
      <div
        className="modal sign-in-qr"
        role="dialog"
        aria-modal="true"
        aria-label={t('admin.devices.tokenHeading')}
        data-testid="device-token-dialog"
      >
        <h2>{t('admin.devices.tokenHeading')}</h2>
        <p>
          <strong>{officerName || device.name}</strong> · {device.uniqueId}
        </p>
        <p className="small">{t('admin.devices.tokenOnce')}</p>
        <code className="token-text" data-testid="device-token">
          {token}
        </code>
        {device.officerId && (
          <>
            <div className="qr-frame">
              <QrCode text={link} size={220} label={t('devices.qrHeading')} />
            </div>
            <p className="small">{t('devices.qrExplain')}</p>
          </>
        )}
        <button
          type="button"
          className="button button-primary"
          data-testid="device-token-done"
          onClick={onClose}
        >
          {t('devices.qrDone')}
        </button>
      </div>
    </div>
  );
}
