// Which screen of the command centre is showing: the live map, statistics or administration.
// Kept in the address's hash so a reload (or a bookmark) comes back to the same screen.
import { useSyncExternalStore } from 'react';
import type { Role } from '@fcc/shared';

export type Screen = 'live' | 'statistics' | 'admin';

/** Who may open each screen besides the live map (the server refuses the others' requests too). */
export const SCREEN_ROLES: Record<Exclude<Screen, 'live'>, readonly Role[]> = {
  statistics: ['administrator', 'supervisor'],
  admin: ['administrator'],
};

function currentScreen(): Screen {
  const hash = window.location.hash.replace(/^#\/?/, '');
  return hash === 'statistics' || hash === 'admin' ? hash : 'live';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useScreen(role: Role | undefined): Screen {
  const screen = useSyncExternalStore(subscribe, currentScreen);
  if (screen === 'live' || (role && SCREEN_ROLES[screen].includes(role))) return screen;
  return 'live';
}

/** Supervisors' replay has its own address (/replay), so that a replay can be linked and reloaded. */
export const REPLAY_ROLES: readonly Role[] = ['administrator', 'supervisor'];

export function isReplayPage(): boolean {
  return window.location.pathname.startsWith('/replay');
}

export function goToScreen(screen: Screen): void {
  if (isReplayPage()) window.location.assign(screen === 'live' ? '/' : `/#${screen}`);
  else window.location.hash = screen === 'live' ? '' : `#${screen}`;
}
