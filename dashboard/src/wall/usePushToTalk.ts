// Push-to-talk to one device: `press` opens the microphone and publishes it (WHIP talkback),
// `release` ends it. A release that comes while still connecting ends the talk as soon as it is up.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../common/useErrorText';
import { TalkbackSender } from './webrtc';

export type TalkPhase = 'idle' | 'starting' | 'talking' | 'failed';

export interface PushToTalk {
  phase: TalkPhase;
  error: string | null;
  press: () => void;
  release: () => void;
}

export function usePushToTalk(deviceId: string | null): PushToTalk {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [phase, setPhase] = useState<TalkPhase>('idle');
  const [error, setError] = useState<string | null>(null);
  const held = useRef(false);
  const sender = useRef<TalkbackSender | null>(null);
  const starting = useRef(false);

  const release = useCallback(() => {
    held.current = false;
    if (sender.current) {
      sender.current.stop();
      sender.current = null;
      setPhase('idle');
    }
  }, []);

  const press = useCallback(() => {
    if (!deviceId || held.current) return;
    held.current = true;
    setError(null);
    if (starting.current || sender.current) return;
    starting.current = true;
    setPhase('starting');
    TalkbackSender.start(deviceId).then(
      (started) => {
        starting.current = false;
        if (!held.current) {
          started.stop();
          setPhase('idle');
          return;
        }
        sender.current = started;
        setPhase('talking');
      },
      (caught: unknown) => {
        starting.current = false;
        held.current = false;
        console.warn('Talkback failed', caught);
        setPhase('failed');
        setError(
          caught instanceof DOMException
            ? t('wall.talk.noMicrophone', { message: caught.message || caught.name })
            : errorText(caught),
        );
      },
    );
  }, [deviceId, errorText, t]);

  // A button that goes away (tile cleared, card closed) must not leave the microphone open.
  useEffect(() => release, [release, deviceId]);

  return { phase, error, press, release };
}
