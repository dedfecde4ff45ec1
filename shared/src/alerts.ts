// Alerts pushed to dashboards and listed for operators.
import { Type, type Static } from 'typebox';
import { Id } from './roles';

export const ALERT_KINDS = [
  'device-silent',
  'left-area',
  'returned-to-area',
  'sos',
  'task-unacknowledged',
  'sla-breach',
  /** A body camera started streaming on its own (recording began), not on an operator's request. */
  'camera-activated',
  /** A recording failed verification (on request or in the periodic check): its first broken link. */
  'integrity-failure',
] as const;
export const AlertKind = Type.Enum(ALERT_KINDS);
export type AlertKind = Static<typeof AlertKind>;

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const AlertSeverity = Type.Enum(ALERT_SEVERITIES);
export type AlertSeverity = Static<typeof AlertSeverity>;

export const Alert = Type.Object({
  id: Id,
  kind: AlertKind,
  severity: AlertSeverity,
  officerId: Type.Union([Id, Type.Null()]),
  deviceId: Type.Union([Id, Type.Null()]),
  message: Type.String({ description: 'English summary; dashboards localize by kind and data' }),
  data: Type.Record(Type.String(), Type.Unknown()),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  raisedAt: Type.String({ format: 'date-time' }),
  acknowledgedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Alert = Static<typeof Alert>;

export const AlertListQuery = Type.Object(
  {
    open: Type.Optional(Type.Boolean({ description: 'Only alerts neither acknowledged nor resolved' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type AlertListQuery = Static<typeof AlertListQuery>;
