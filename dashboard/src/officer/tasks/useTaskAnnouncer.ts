// A new task must be noticed with the phone in a pocket: it vibrates and chimes once per task
// (a task waiting for this officer's acknowledgement), and the banner says which.
import { useEffect, useState } from 'react';
import { useDeviceSession } from '../store/deviceSession';
import { toAnnounce, useOfficerTasks } from '../store/officerTasks';

let audio: AudioContext | null = null;

/** Browsers start audio only after a touch: the first touch anywhere prepares it. */
function prepareAudio(): void {
  audio ??= new AudioContext();
  void audio.resume().catch(() => undefined);
}

function chime(): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  for (const [offset, frequency] of [
    [0, 988],
    [0.18, 1319],
    [0.5, 988],
    [0.68, 1319],
  ] as const) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.4, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.17);
  }
}

/** Returns the codes of the tasks just announced (shown in a banner until dismissed). */
export function useTaskAnnouncer(): { codes: string[]; dismiss: () => void } {
  const officerId = useDeviceSession((state) => state.self?.officer?.id ?? null);
  const [codes, setCodes] = useState<string[]>([]);

  useEffect(() => {
    window.addEventListener('pointerdown', prepareAudio, { capture: true });
    return () => window.removeEventListener('pointerdown', prepareAudio, { capture: true });
  }, []);

  useEffect(() => {
    if (!officerId) return;
    const check = () => {
      const { items, announced, markAnnounced } = useOfficerTasks.getState();
      const fresh = toAnnounce(items, announced, officerId);
      if (fresh.length === 0) return;
      markAnnounced(fresh.map((task) => task.id));
      navigator.vibrate?.([400, 150, 400, 150, 400]);
      chime();
      setCodes((current) => [...current, ...fresh.map((task) => task.code)]);
    };
    check();
    return useOfficerTasks.subscribe(check);
  }, [officerId]);

  return { codes, dismiss: () => setCodes([]) };
}
