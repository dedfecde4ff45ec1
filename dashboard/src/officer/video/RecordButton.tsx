// In the action bar, under the thumb: Record turns the camera on and publishes it (the command
// centre sees it live and the server records it); while on, the same place stops it.
import { useTranslation } from 'react-i18next';
import { isCameraOn, useLiveVideo } from './liveVideo';
import { startVideo, stopVideo } from './videoController';

export function RecordButton() {
  const { t } = useTranslation();
  const on = useLiveVideo((state) => isCameraOn(state.phase));
  return (
    <button
      type="button"
      className={`btn btn-action record-button${on ? ' recording' : ''}`}
      data-testid="record-button"
      aria-pressed={on}
      onClick={() => (on ? stopVideo() : void startVideo('officer'))}
    >
      <span className="btn-action-icon" aria-hidden="true">
        {on ? '■' : '●'}
      </span>
      {on ? t('officerApp.video.stopShort') : t('officerApp.video.record')}
    </button>
  );
}
