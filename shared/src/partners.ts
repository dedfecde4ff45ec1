// Partner command platforms (e.g. public security): their API keys and scopes, the webhooks
// they subscribe to, and the event body and signature those webhooks carry.
import { Type, type Static } from 'typebox';
import { Id } from './roles';

/** What a partner's API key may do; a route opens to partners by declaring one of these. */
export const PARTNER_SCOPES = ['positions:read', 'tasks:read', 'alerts:read', 'reports:create'] as const;
export const PartnerScope = Type.Enum(PARTNER_SCOPES, {
  description:
    'positions:read: officers’ latest positions; tasks:read and alerts:read: tasks and alerts; ' +
    'reports:create: report incidents to the command centre',
});
export type PartnerScope = (typeof PARTNER_SCOPES)[number];

export const PartnerCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Unique among partners not revoked' }),
    scopes: Type.Array(PartnerScope, { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type PartnerCreateBody = Static<typeof PartnerCreateBody>;

export const Partner = Type.Object({
  id: Id,
  name: Type.String(),
  scopes: Type.Array(PartnerScope),
  keyHint: Type.String({ description: 'The first characters of the API key, to tell keys apart' }),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Set once the key is revoked; a revoked key gets 401 and its webhooks stop',
  }),
});
export type Partner = Static<typeof Partner>;

export const PartnerCreated = Type.Object({
  partner: Partner,
  key: Type.String({
    description:
      'The API key, shown once (only its hash is stored). The partner sends it as "Authorization: Bearer <key>".',
  }),
});
export type PartnerCreated = Static<typeof PartnerCreated>;

export const WebhookEventPattern = Type.String({
  pattern: '^[a-z][a-z-]*\\.(\\*|[a-z][a-z-]*)$',
  description:
    'An event type ("alert.raised") or every event of a domain ("task.*"). Published today: ' +
    'alert.raised, sos.raised (an officer’s SOS, also sent as alert.raised), and task.* from dispatch.',
});

export const WebhookCreateBody = Type.Object(
  {
    url: Type.String({
      format: 'uri',
      pattern: '^https?://',
      maxLength: 2000,
      description: 'Where events are POSTed (http or https)',
    }),
    events: Type.Array(WebhookEventPattern, { minItems: 1, maxItems: 50, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type WebhookCreateBody = Static<typeof WebhookCreateBody>;

export const Webhook = Type.Object({
  id: Id,
  partnerId: Id,
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean({ description: 'False once deleted or its partner revoked (kept for the log)' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Webhook = Static<typeof Webhook>;

export const WebhookCreated = Type.Object({
  webhook: Webhook,
  secret: Type.String({
    description:
      'The signing secret, shown once. Every delivery carries X-FCC-Timestamp (Unix seconds of that ' +
      'attempt) and X-FCC-Signature: "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + raw body)). ' +
      'To verify: compute the HMAC over the exact bytes received, compare in constant time, and ' +
      'refuse a timestamp more than 5 minutes from your clock (a replay).',
  }),
});
export type WebhookCreated = Static<typeof WebhookCreated>;

export const PartnerWebhookParams = Type.Object({ id: Id, webhookId: Id }, { additionalProperties: false });
export type PartnerWebhookParams = Static<typeof PartnerWebhookParams>;

/** How a partner's endpoint receives events; in the OpenAPI of the route that subscribes one. */
export const WEBHOOK_DELIVERY_DESCRIPTION =
  'Each event is POSTed as application/json { id, type, occurredAt, data } with headers X-FCC-Event, ' +
  'X-FCC-Delivery (the same on every retry), X-FCC-Timestamp and X-FCC-Signature (see the secret ' +
  'below). Answer 2xx within the timeout (5 s by default) to acknowledge; anything else is retried ' +
  'with growing back-off (10 s, 30 s, 2 min, 10 min, then hourly) up to 8 attempts by default. ' +
  'An event can arrive twice: de-duplicate on id.';

/** The JSON body of every webhook delivery. */
export const WebhookEvent = Type.Object(
  {
    id: Id,
    type: Type.String({ description: 'e.g. "alert.raised"; also in the X-FCC-Event header' }),
    occurredAt: Type.String({ format: 'date-time' }),
    data: Type.Unknown({ description: 'The alert or task as the REST API returns it' }),
  },
  { description: WEBHOOK_DELIVERY_DESCRIPTION },
);
export type WebhookEvent = Static<typeof WebhookEvent>;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const WebhookDeliveryStatus = Type.Enum(WEBHOOK_DELIVERY_STATUSES);
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const WebhookDeliveryQuery = Type.Object(
  {
    status: Type.Optional(WebhookDeliveryStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type WebhookDeliveryQuery = Static<typeof WebhookDeliveryQuery>;

export const WebhookDelivery = Type.Object({
  id: Id,
  webhookId: Id,
  eventId: Id,
  eventType: Type.String(),
  status: WebhookDeliveryStatus,
  attempts: Type.Integer({ description: 'Requests made so far' }),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the next attempt is due, while pending',
  }),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  failedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When delivery was given up (attempts exhausted, webhook deleted or partner revoked)',
  }),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;
