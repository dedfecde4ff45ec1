// Who is making a request: a signed-in person, or a device presenting its token.
import type { DeviceKind, Role } from '@fcc/shared';

export interface UserPrincipal {
  kind: 'user';
  sessionId: string;
  user: { id: string; username: string; displayName: string; role: Role; officerId: string | null };
}

export interface DevicePrincipal {
  kind: 'device';
  device: { id: string; uniqueId: string; kind: DeviceKind; officerId: string | null };
}

export type Principal = UserPrincipal | DevicePrincipal;

/**
 * Who may call a route, declared on every /api route (`config.access`):
 * 'public' (no token), 'device' (a device token), or the staff roles allowed.
 */
export type Access = 'public' | 'device' | readonly Role[];

/** The people who watch and run the command centre (not officers in the field). */
export const STAFF_ROLES = ['administrator', 'operator', 'supervisor'] as const satisfies readonly Role[];
