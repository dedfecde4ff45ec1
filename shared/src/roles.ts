// Who may do what: the four kinds of account, and the kinds of device in the fleet.
import { Type, type Static } from 'typebox';

export const ROLES = ['administrator', 'operator', 'supervisor', 'officer'] as const;
export const Role = Type.Enum(ROLES);
export type Role = (typeof ROLES)[number];

export const DEVICE_KINDS = ['bodycam', 'phone', 'vehicle', 'drone', 'fixed_camera'] as const;
export const DeviceKind = Type.Enum(DEVICE_KINDS);
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const OFFICER_STATUSES = ['available', 'busy', 'off_duty', 'out_of_contact'] as const;
export const OfficerStatus = Type.Enum(OFFICER_STATUSES);
export type OfficerStatus = (typeof OFFICER_STATUSES)[number];

export const Id = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;
