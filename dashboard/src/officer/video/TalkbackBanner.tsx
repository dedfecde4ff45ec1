// While an operator speaks to this officer: "Command centre speaking" with the speaker's name,
// and the <audio> element their voice plays in. If the browser refused to play before the page
// was touched, the banner itself is the button that starts the sound.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeviceSession } from '../store/deviceSession';
import { useLiveVideo } from './liveVideo';
import { TalkbackReceiver, type TalkbackPlayback } from './TalkbackReceiver';

export function TalkbackBanner() {
  const talkback = useLiveVideo((state) => state.talkback);
  return talkback ? (
    <TalkbackPlayer
      key={talkback.streamId}
      whepUrl={talkback.whepUrl}
      speaker={talkback.speaker}
      streamId={talkback.streamId}
    />
  ) : null;
}

function TalkbackPlayer({
  whepUrl,
  speaker,
  streamId,
}: {
  whepUrl: string;
  speaker: string;
  streamId: string;
}) {
  const { t } = useTranslation();
  const token = useDeviceSession((state) => state.token);
  const audio = useRef<HTMLAudioElement>(null);
  const receiver = useRef<TalkbackReceiver | null>(null);
  const [playback, setPlayback] = useState<TalkbackPlayback>('connecting');
  const [packets, setPackets] = useState(0);

  useEffect(() => {
    if (!token || !audio.current) return;
    const current = new TalkbackReceiver(whepUrl, token, audio.current, {
      playback: setPlayback,
      packets: setPackets,
      ended: () => {
        const live = useLiveVideo.getState();
        if (live.talkback?.streamId === streamId) live.set({ talkback: null });
      },
    });
    receiver.current = current;
    return () => {
      current.close();
      receiver.current = null;
    };
  }, [whepUrl, token, streamId]);

  return (
    <button
      type="button"
      className={`talkback-banner talkback-${playback}`}
      role="status"
      aria-live="assertive"
      data-testid="talkback-banner"
      data-state={playback}
      data-packets={packets}
      onClick={() => receiver.current?.play()}
    >
      <SpeakerIcon />
      <span className="talkback-text">
        <strong>{t('officerApp.video.talkback', { speaker })}</strong>
        {playback === 'blocked' && <span>{t('officerApp.video.talkbackTap')}</span>}
        {playback === 'connecting' && <span>{t('officerApp.video.talkbackConnecting')}</span>}
        {playback === 'playing' && <span>{t('officerApp.video.talkbackPlaying')}</span>}
      </span>
      <audio ref={audio} data-testid="talkback-audio" autoPlay />
    </button>
  );
}

/** Drawn, not an emoji: phones without an emoji font would show a box. */
function SpeakerIcon() {
  return (
    <svg className="talkback-icon" viewBox="0 0 24 24" width="32" height="32" aria-hidden="true">
      <path d="M3 9h4l5-4v14l-5-4H3z" fill="currentColor" />
      <path
        d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
}
