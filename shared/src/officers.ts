// Officers and their devices, as the REST API shows them.
import { Type, type Static } from 'typebox';
import { DeviceKind, Id, OfficerStatus } from './roles';

export const Officer = Type.Object({
  id: Id,
  badgeNo: Type.String(),
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  areaId: Type.Union([Id, Type.Null()]),
  status: OfficerStatus,
});
export type Officer = Static<typeof Officer>;

export const OfficerCreateBody = Type.Object(
  {
    badgeNo: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
    areaId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);
export type OfficerCreateBody = Static<typeof OfficerCreateBody>;

export const OfficerUpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
    areaId: Type.Optional(Type.Union([Id, Type.Null()])),
    status: Type.Optional(OfficerStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OfficerUpdateBody = Static<typeof OfficerUpdateBody>;

export const Device = Type.Object({
  id: Id,
  kind: DeviceKind,
  name: Type.String(),
  uniqueId: Type.String({ description: 'Hardware id; also the OsmAnd/Traccar device id' }),
  officerId: Type.Union([Id, Type.Null()]),
  hasToken: Type.Boolean({ description: 'Whether an unrevoked API token exists' }),
  tokenIssuedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Device = Static<typeof Device>;

export const DeviceCreateBody = Type.Object(
  {
    kind: DeviceKind,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    uniqueId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' }),
    officerId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);
export type DeviceCreateBody = Static<typeof DeviceCreateBody>;

export const DeviceUpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    officerId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type DeviceUpdateBody = Static<typeof DeviceUpdateBody>;

export const DeviceTokenIssued = Type.Object({
  deviceId: Id,
  token: Type.String({ description: 'Shown once; only its hash is stored' }),
  issuedAt: Type.String({ format: 'date-time' }),
});
export type DeviceTokenIssued = Static<typeof DeviceTokenIssued>;

/** What a device sees about itself when it presents its token. */
export const DeviceSelf = Type.Object({
  device: Device,
  officer: Type.Union([Officer, Type.Null()]),
});
export type DeviceSelf = Static<typeof DeviceSelf>;
