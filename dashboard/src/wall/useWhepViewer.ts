// Watches one stream by WHEP while `active`, and keeps watching: a connection that dies (the
// officer's 4G came back on another path, the relay dropped us) is opened again, as is a WHEP
// request that failed, with a growing pause.
import { useEffect, useRef, useState } from 'react';
import { useErrorText } from '../common/useErrorText';
import { WhepViewer } from './webrtc';

export type ViewerPhase = 'idle' | 'connecting' | 'watching' | 'retrying';

export interface ViewerState {
  phase: ViewerPhase;
  media: MediaStream | null;
  /** Why the last attempt failed, while retrying. */
  error: string | null;
}

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 15_000;
const IDLE: ViewerState = { phase: 'idle', media: null, error: null };

export function useWhepViewer(streamId: string | null, active: boolean): ViewerState {
  // Through a ref: switching the language must not reconnect every tile.
  const describe = useErrorText();
  const errorText = useRef(describe);
  useEffect(() => {
    errorText.current = describe;
  }, [describe]);
  const [state, setState] = useState<ViewerState>(IDLE);

  useEffect(() => {
    if (!streamId || !active) {
      setState(IDLE);
      return;
    }
    let disposed = false;
    let viewer: WhepViewer | null = null;
    let timer = 0;
    let failures = 0;
    const again = (error: string | null) => {
      failures += 1;
      setState({ phase: 'retrying', media: null, error });
      timer = window.setTimeout(open, Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1)));
    };
    async function open() {
      setState((current) => ({
        ...current,
        phase: current.phase === 'retrying' ? 'retrying' : 'connecting',
      }));
      try {
        const opened = await WhepViewer.open(streamId!, () => {
          if (disposed || viewer !== opened) return;
          opened.close();
          viewer = null;
          again(null);
        });
        if (disposed) {
          opened.close();
          return;
        }
        viewer = opened;
        failures = 0;
        setState({ phase: 'watching', media: opened.media, error: null });
      } catch (error) {
        if (disposed) return;
        console.warn('Watching a stream failed; trying again', error);
        again(errorText.current(error));
      }
    }
    void open();
    return () => {
      disposed = true;
      window.clearTimeout(timer);
      viewer?.close();
    };
  }, [streamId, active]);

  return state;
}
