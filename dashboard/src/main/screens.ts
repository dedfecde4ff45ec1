// Which screen of the command centre is showing: the live map, the recordings to complete, cases,
// statistics or administration. Kept in the address's hash (`#cases/<id>` for one case) so a
// reload (or a bookmark) comes back to the same screen.
import { useSyncExternalStore } from 'react';
import type { Role } from '@fcc/shared';

export const SCREENS = ['live', 'to-complete', 'cases', 'statistics', 'admin'] as const;
export type Screen = (typeof SCREENS)[number];

/** Who may open each screen besides the live map (the server refuses the others' requests too). */
export const SCREEN_ROLES: Record<Exclude<Screen, 'live'>, readonly Role[]> = {
  // Officers describe their own recordings; supervisors and administrators everyone's.
  'to-complete': ['administrator', 'supervisor', 'officer'],
  cases: ['administrator', 'supervisor'],
  statistics: ['administrator', 'supervisor'],
  admin: ['administrator'],
};

export interface Route {
  screen: Screen;
  /** `#cases/<id>`: the case whose page is open. */
  caseId: string | null;
}

/** Reads a location hash (`#statistics`, `#cases/<id>`…); anything unknown is the live map. */
export function routeFromHash(hash: string): Route {
  const [head = '', id] = hash.replace(/^#\/?/, '').split('/');
  const screen = (SCREENS as readonly string[]).includes(head) ? (head as Screen) : 'live';
  return { screen, caseId: screen === 'cases' && id ? decodeURIComponent(id) : null };
}

export function mayOpen(screen: Screen, role: Role | undefined): boolean {
  return screen === 'live' || (role !== undefined && SCREEN_ROLES[screen].includes(role));
}

function currentHash(): string {
  return window.location.hash;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(role: Role | undefined): Route {
  const route = routeFromHash(useSyncExternalStore(subscribe, currentHash));
  return mayOpen(route.screen, role) ? route : { screen: 'live', caseId: null };
}

export function useScreen(role: Role | undefined): Screen {
  return useRoute(role).screen;
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

/** A case's page, as a link target (`href`) and for code that moves there. */
export const caseHref = (caseId: string) => `/#cases/${encodeURIComponent(caseId)}`;

export function goToCase(caseId: string | null): void {
  if (caseId === null) goToScreen('cases');
  else if (isReplayPage()) window.location.assign(caseHref(caseId));
  else window.location.hash = `#cases/${encodeURIComponent(caseId)}`;
}
