// The append-only audit trail as the API shows it.
import { Type, type Static } from 'typebox';

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String({ description: 'username, device:<uniqueId>, or system' }),
  action: Type.String({ description: 'domain.verb, e.g. auth.sign-in, device.token-issued' }),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 64 })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Page backwards from this id' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstBrokenId: Type.Union([Type.Integer(), Type.Null()]),
});
export type AuditVerification = Static<typeof AuditVerification>;
