// The sign-in QR code of a freshly issued device token, shown once: the officer scans it with
// the phone (camera app or the officer app's scanner) and the phone is signed in as the device.
import type { Device } from '@fcc/shared';
import { useTranslation } from 'react-i18next';
import { QrCode } from '../common/QrCode';

interface Props {
  device: Device;
  officerName: string;
  token: string;
  onClose: () => void;
}

/** The officer app's address with the token in the fragment, which never reaches a server log. */
export function signInLink(origin: string, token: string): string {
  return `${origin}/officer#token=${encodeURIComponent(token)}`;
}

export function SignInQrDialog({ device, officerName, token, onClose }: Props) {
  const { t } = useTranslation();
  const link = signInLink(window.location.origin, token);
  return (
    <div className="modal-backdrop">
      <div
        className="modal sign-in-qr"
        role="dialog"
        aria-modal="true"
        aria-label={t('devices.qrHeading')}
        data-testid="sign-in-qr"
        data-link={link}
      >
        <h2>{t('devices.qrHeading')}</h2>
        <p>
          <strong>{officerName || device.name}</strong> · {device.uniqueId}
        </p>
        <div className="qr-frame">
          <QrCode text={link} size={280} label={t('devices.qrHeading')} />
        </div>
        <p className="small">{t('devices.qrExplain')}</p>
        <p className="small muted sign-in-link">{link}</p>
        <button type="button" className="button button-primary" onClick={onClose}>
          {t('devices.qrDone')}
        </button>
      </div>
    </div>
  );
}
