// Who is making a request: a signed-in person, a device or a partner system presenting its token.
import type { DeviceKind, PartnerScope, Role } from '@fcc/shared';

export interface UserPrincipal {
  kind: 'user';
  sessionId: string;
  user: { id: string; username: string; displayName: string; role: Role; officerId: string | null };
}

export interface DevicePrincipal {
  kind: 'device';
  device: { id: string; uniqueId: string; kind: DeviceKind; officerId: string | null };
}

/** A partner system (e.g. the public-security command platform) presenting its API key. */
export interface PartnerPrincipal {
  kind: 'partner';
  partner: { id: string; name: string; scopes: readonly PartnerScope[] };
}

export type Principal = UserPrincipal | DevicePrincipal | PartnerPrincipal;

// What a partner's API key may do; a route opens to partners by declaring one (`config.partnerScope`).
// Defined with the partner wire schemas, which validate the scopes an administrator grants.
export { PARTNER_SCOPES, type PartnerScope } from '@fcc/shared';

/**
 * Who may call a route, declared on every /api route (`config.access`):
 * 'public' (no token), 'device' (a device token), or the staff roles allowed.
 */
export type Access = 'public' | 'device' | readonly Role[];

/** The people who watch and run the command centre (not officers in the field). */
export const STAFF_ROLES = ['administrator', 'operator', 'supervisor'] as const satisfies readonly Role[];
