// Hold to talk to a device (mouse, touch, or Space/Enter held on the focused button); let go to
// stop. Losing the pointer or the window's focus also stops, so a talk is never left open.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { selectUser, useSession } from '../store/session';
import { MicrophoneIcon } from './icons';
import { usePushToTalk } from './usePushToTalk';

interface PushToTalkButtonProps {
  deviceId: string | null;
  /** Smaller, for a tile's toolbar. */
  compact?: boolean;
}

/** Who may speak to devices (the server's talkback route allows these roles only). */
const SPEAKERS: ReadonlySet<string> = new Set(['administrator', 'operator']);

export function PushToTalkButton(props: PushToTalkButtonProps) {
  const role = useSession(selectUser)?.role;
  return role && SPEAKERS.has(role) ? <HoldToTalk {...props} /> : null;
}

function HoldToTalk({ deviceId, compact = false }: PushToTalkButtonProps) {
  const { t } = useTranslation();
  const { phase, error, press, release } = usePushToTalk(deviceId);

  useEffect(() => {
    window.addEventListener('blur', release);
    return () => window.removeEventListener('blur', release);
  }, [release]);

  const label =
    phase === 'talking'
      ? t(compact ? 'wall.talk.talkingShort' : 'wall.talk.talking')
      : phase === 'starting'
        ? t('wall.talk.starting')
        : t('wall.talk.hold');
  return (
    <span className="ptt">
      <button
        type="button"
        className={`button ptt-button ptt-${phase}${compact ? ' compact' : ''}`}
        data-testid="push-to-talk"
        data-state={phase}
        disabled={!deviceId}
        title={deviceId ? t('wall.talk.hint') : t('wall.talk.noDevice')}
        aria-pressed={phase === 'talking' || phase === 'starting'}
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          press();
        }}
        onPointerUp={release}
        onPointerCancel={release}
        onLostPointerCapture={release}
        onKeyDown={(event) => {
          if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
            event.preventDefault();
            press();
          }
        }}
        onKeyUp={(event) => {
          if (event.key === ' ' || event.key === 'Enter') release();
        }}
        // A tile's double-click must not enlarge it while someone is talking.
        onDoubleClick={(event) => event.stopPropagation()}
        onContextMenu={(event) => event.preventDefault()}
      >
        <MicrophoneIcon />
        {label}
      </button>
      {error && (
        <span className="ptt-error" role="alert" data-testid="push-to-talk-error">
          {error}
        </span>
      )}
    </span>
  );
}
