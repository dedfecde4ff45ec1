// Says at a glance whether the command centre sees this officer: sharing, waiting for GPS,
// or offline with the number of positions kept on the phone until the network is back.
import { useTranslation } from 'react-i18next';
import { indicatorOf, useGpsStatus } from '../store/gpsStatus';

export function GpsIndicator() {
  const { t } = useTranslation();
  const gps = useGpsStatus((state) => state.gps);
  const online = useGpsStatus((state) => state.online);
  const buffered = useGpsStatus((state) => state.buffered);
  const indicator = indicatorOf({ gps, online });
  return (
    <div
      className={`gps-indicator gps-${indicator}`}
      role="status"
      data-testid="gps-indicator"
      data-state={indicator}
      data-buffered={buffered}
    >
      <span className="gps-dot" aria-hidden="true" />
      <span>
        {indicator === 'offline'
          ? t('officerApp.gps.offline', { count: buffered })
          : t(`officerApp.gps.${indicator}`)}
      </span>
    </div>
  );
}
