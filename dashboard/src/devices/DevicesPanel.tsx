// The administrator's list of devices, with the way to put an officer's phone on the officer
// app: issue the device a fresh token and show it once as a sign-in QR code to scan.
import type { Device, DeviceTokenIssued } from '@fcc/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDevices, issueDeviceToken } from '../api/endpoints';
import { useErrorText } from '../common/useErrorText';
import { useOfficers } from '../store/officers';
import { SignInQrDialog } from './SignInQrDialog';

export function DevicesPanel() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const devices = useOfficers((state) => state.devices);
  const officers = useOfficers((state) => state.items);
  const [confirming, setConfirming] = useState<Device | null>(null);
  const [issued, setIssued] = useState<{ device: Device; token: DeviceTokenIssued } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const rows = useMemo(
    () =>
      Object.values(devices)
        .map((device) => ({ device, officer: device.officerId ? officers[device.officerId] : undefined }))
        .sort((a, b) => (a.officer?.badgeNo ?? '~').localeCompare(b.officer?.badgeNo ?? '~')),
    [devices, officers],
  );

  const issue = async (device: Device) => {
    setBusy(true);
    setError(null);
    try {
      const token = await issueDeviceToken(device.id);
      setIssued({ device, token });
      setConfirming(null);
      // The list shows who has a token: reload it with the roster's other data unchanged.
      const state = useOfficers.getState();
      state.loaded(Object.values(state.items), await fetchDevices(), Object.values(state.onDuty));
    } catch (cause) {
      setError(errorText(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="devices-panel" data-testid="devices-panel">
      <p className="muted small">{t('devices.explain')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul className="device-list">
        {rows.map(({ device, officer }) => (
          <li key={device.id} data-testid="device-row" data-device-id={device.id}>
            <div className="device-row-main">
              <span className="device-name">
                {officer ? `${officer.name} · ${officer.badgeNo}` : device.name}
              </span>
              <span className="muted small">
                {t(`devices.kind.${device.kind}`, { defaultValue: device.kind })} · {device.uniqueId} ·{' '}
                {device.hasToken ? t('devices.hasToken') : t('devices.noToken')}
              </span>
            </div>
            {confirming?.id === device.id ? (
              <div className="device-confirm">
                {device.hasToken && <p className="small">{t('devices.replaceWarning')}</p>}
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy}
                  onClick={() => void issue(device)}
                >
                  {t('devices.issue')}
                </button>
                <button type="button" className="button" onClick={() => setConfirming(null)}>
                  {t('common.cancel')}
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="button"
                data-testid="device-sign-in-qr"
                disabled={!device.officerId}
                title={device.officerId ? undefined : t('devices.noOfficer')}
                onClick={() => setConfirming(device)}
              >
                {t('devices.signInQr')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {issued && (
        <SignInQrDialog
          device={issued.device}
          officerName={issued.device.officerId ? (officers[issued.device.officerId]?.name ?? '') : ''}
          token={issued.token.token}
          onClose={() => setIssued(null)}
        />
      )}
    </section>
  );
}
