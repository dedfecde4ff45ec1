// Partner platforms against the real app and PostGIS: API keys and their scopes, and signed
// webhooks delivered to a real local HTTP receiver, with retries, giving up, and a restart.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { io as connect } from 'socket.io-client';
import type {
  Alert,
  LivePosition,
  PartnerCreated,
  PartnerScope,
  Task,
  TaskChange,
  Webhook,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEvent,
} from '@fcc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { connectDatabase } from '../src/db/client';
import { verifyWebhookSignature } from '../src/modules/partners/webhook-signature';
import { createPatrolFixture, fixAt } from './helpers/patrol-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';
import { untilDefined } from './helpers/polling';

const MAX_ATTEMPTS = 3;

let t: TestApp;
let sql: pg.Pool;
const receivers: Receiver[] = [];

beforeAll(async () => {
  // Retries 50 ms, 150 ms apart: the back-off schedule, in a hurry.
  t = await createTestApp({
    WEBHOOK_RETRY_BASE_SECONDS: '0.05',
    WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    WEBHOOK_TIMEOUT_MS: '2000',
  });
  sql = new pg.Pool({ connectionString: t.databaseUrl });
});
afterAll(async () => {
  // Before the test database is dropped, which would cut this pool's connections.
  await sql.end();
  await t.close();
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

// ── helpers ──

interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A partner's endpoint: records every request and answers with the status chosen per request. */
async function startReceiver(statusOf: (requestNo: number) => number = () => 204): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(statusOf(requests.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/fcc-events`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  receivers.push(receiver);
  return receiver;
}

/** A URL where nothing listens: a port that was just free. */
async function unreachableUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/fcc-events`;
}

/** Another server process on the same database, as after a restart or on a second node. */
async function startServerNode() {
  const silent = pino({ level: 'silent' });
  const database = connectDatabase(t.databaseUrl, silent);
  const app = await buildApp({ config: t.config, database, log: silent });
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

const admin = () => t.auth('administrator');
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function createPartner(name: string, scopes: PartnerScope[]): Promise<PartnerCreated> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/partners',
    headers: admin(),
    payload: { name, scopes },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<PartnerCreated>();
}

async function subscribe(partnerId: string, url: string, events: string[]): Promise<WebhookCreated> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/partners/${partnerId}/webhooks`,
    headers: admin(),
    payload: { url, events },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<WebhookCreated>();
}

async function deliveryLog(partnerId: string, status?: WebhookDeliveryStatus): Promise<WebhookDelivery[]> {
  const response = await t.app.inject({
    url: `/api/partners/${partnerId}/deliveries${status ? `?status=${status}` : ''}`,
    headers: admin(),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<WebhookDelivery[]>();
}

const firstWith = async (partnerId: string, status: WebhookDeliveryStatus) =>
  (await deliveryLog(partnerId, status))[0];

const auditActions = async (targetId: string) =>
  (
    await sql.query<{ action: string; actor: string }>(
      'SELECT action, actor FROM audit_log WHERE target_id = $1 ORDER BY id',
      [targetId],
    )
  ).rows;

function raiseAlert(kind: Alert['kind'] = 'left-area'): Promise<Alert> {
  return t.app.services.alerts.raise({
    kind,
    severity: kind === 'sos' ? 'critical' : 'warning',
    officerId: null,
    deviceId: null,
    message: `test ${kind}`,
    data: { source: 'partners test' },
    location: { lat: 40.805, lon: 111.605 },
  });
}

// ── API keys ──

describe('partner API keys', () => {
  it('issues a key once: the list and the database never show it again, and it is audited', async () => {
    const created = await createPartner('Public security bureau', ['alerts:read']);
    expect(created.key).toMatch(/^fcc_p_/);
    expect(created.partner).toMatchObject({
      name: 'Public security bureau',
      scopes: ['alerts:read'],
      keyHint: created.key.slice(0, 10),
      revokedAt: null,
    });

    const list = await t.app.inject({ url: '/api/partners', headers: admin() });
    expect(list.json<unknown[]>()).toContainEqual(created.partner);
    expect(list.body).not.toContain(created.key);
    const stored = await sql.query('SELECT row_to_json(p)::text AS row FROM partners p WHERE id = $1', [
      created.partner.id,
    ]);
    expect(stored.rows[0].row).not.toContain(created.key.slice(10));

    expect(await auditActions(created.partner.id)).toEqual([
      { action: 'partner.created', actor: 'test-administrator' },
    ]);
  });

  it('opens exactly the routes that share a scope the key holds', async () => {
    const alertsReader = await createPartner('Alerts reader', ['alerts:read']);
    const positionsReader = await createPartner('Positions reader', ['positions:read']);
    const alert = await raiseAlert();

    const alerts = await t.app.inject({ url: '/api/alerts', headers: bearer(alertsReader.key) });
    expect(alerts.statusCode).toBe(200);
    expect(alerts.json<Alert[]>().map((item) => item.id)).toContain(alert.id);

    const noScope = await t.app.inject({ url: '/api/positions/latest', headers: bearer(alertsReader.key) });
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json().message).toContain('positions:read');
    const wrongScope = await t.app.inject({ url: '/api/alerts', headers: bearer(positionsReader.key) });
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.json().message).toContain('alerts:read');

    for (const [method, url] of [
      ['GET', '/api/officers'],
      ['POST', `/api/alerts/${alert.id}/acknowledge`],
      ['GET', '/api/partners'],
    ] as const) {
      const response = await t.app.inject({ method, url, headers: bearer(alertsReader.key) });
      expect(response.statusCode, url).toBe(403);
      expect(response.json().message).toMatch(/not shared with partners/);
    }
  });

  it('serves officers’ latest positions to a key with positions:read, as staff see them', async () => {
    const patrol = await createPatrolFixture(t);
    const stored = await t.app.inject({
      method: 'POST',
      url: '/api/device/positions',
      headers: bearer(patrol.deviceToken),
      payload: { fixes: [fixAt('a1', new Date(Date.now() - 60_000))] },
    });
    expect(stored.statusCode, stored.body).toBe(200);
    const partner = await createPartner('Traffic police', ['positions:read']);

    const response = await t.app.inject({ url: '/api/positions/latest', headers: bearer(partner.key) });
    expect(response.statusCode).toBe(200);
    const positions = response.json<LivePosition[]>();
    expect(positions.find((position) => position.officerId === patrol.officerId)).toMatchObject({
      deviceId: patrol.deviceId,
      gridCellId: patrol.cells.a1,
    });
    const asOperator = await t.app.inject({ url: '/api/positions/latest', headers: t.auth('operator') });
    expect(positions).toEqual(asOperator.json());
  });

  it('refuses a revoked key with 401 that says so, and revoking again changes nothing', async () => {
    const partner = await createPartner('Short-lived partner', ['alerts:read']);
    expect((await t.app.inject({ url: '/api/alerts', headers: bearer(partner.key) })).statusCode).toBe(200);

    const revoke = () =>
      t.app.inject({ method: 'DELETE', url: `/api/partners/${partner.partner.id}`, headers: admin() });
    expect((await revoke()).statusCode).toBe(204);
    const refused = await t.app.inject({ url: '/api/alerts', headers: bearer(partner.key) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toMatch(/revoked/);

    expect((await revoke()).statusCode).toBe(204);
    expect((await auditActions(partner.partner.id)).map((row) => row.action)).toEqual([
      'partner.created',
      'partner.revoked',
    ]);
    const list = (await t.app.inject({ url: '/api/partners', headers: admin() })).json<
      PartnerCreated['partner'][]
    >();
    expect(list.find((item) => item.id === partner.partner.id)?.revokedAt).not.toBeNull();
  });

  it('keeps partner names unique among active partners; a revoked one’s name can be reused', async () => {
    const first = await createPartner('Urban management', ['alerts:read']);
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/partners',
      headers: admin(),
      payload: { name: 'Urban management', scopes: ['tasks:read'] },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().message).toContain('Urban management');
    await t.app.inject({ method: 'DELETE', url: `/api/partners/${first.partner.id}`, headers: admin() });
    await createPartner('Urban management', ['tasks:read']);
  });

  it('refuses unknown scopes, bad event patterns and non-HTTP URLs with 400', async () => {
    const badScope = await t.app.inject({
      method: 'POST',
      url: '/api/partners',
      headers: admin(),
      payload: { name: 'Greedy', scopes: ['everything:write'] },
    });
    expect(badScope.statusCode).toBe(400);
    const partner = await createPartner('Pattern checker', ['alerts:read']);
    for (const payload of [
      { url: 'http://127.0.0.1:9/hook', events: ['alert'] },
      { url: 'ftp://127.0.0.1/hook', events: ['alert.*'] },
      { url: 'http://127.0.0.1:9/hook', events: [] },
    ]) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/partners/${partner.partner.id}/webhooks`,
        headers: admin(),
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('does not let a partner key open the live or device sockets', async () => {
    const partner = await createPartner('Socket prober', ['positions:read', 'alerts:read']);
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    for (const namespace of ['/live', '/device']) {
      const socket = connect(`${url}${namespace}`, {
        auth: { token: partner.key },
        transports: ['websocket'],
        reconnection: false,
      });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      socket.disconnect();
      expect(error.message).toMatch(/partner API key cannot open sockets/);
    }
  });
});

// ── webhooks ──

describe('partner webhooks', () => {
  it('delivers a raised SOS as alert.raised and sos.raised, signed with the webhook secret', async () => {
    const receiver = await startReceiver();
    const partner = await createPartner('SOS watch', ['alerts:read']);
    const { webhook, secret } = await subscribe(partner.partner.id, receiver.url, ['alert.*', 'sos.raised']);
    expect(secret).toMatch(/^whsec_/);
    const listed = await t.app.inject({
      url: `/api/partners/${partner.partner.id}/webhooks`,
      headers: admin(),
    });
    expect(listed.json<Webhook[]>()).toEqual([webhook]);
    expect(listed.body).not.toContain(secret);

    const alert = await raiseAlert('sos');
    await untilDefined(() => (receiver.requests.length >= 2 ? true : undefined), 'two deliveries');

    const received = receiver.requests.map((request) => ({
      ...request,
      event: JSON.parse(request.body) as WebhookEvent,
    }));
    expect(received.map((request) => request.event.type).sort()).toEqual(['alert.raised', 'sos.raised']);
    const log = await deliveryLog(partner.partner.id);
    for (const { headers, body, event } of received) {
      expect(event.data).toEqual(alert);
      expect(headers['content-type']).toBe('application/json');
      expect(headers['x-fcc-event']).toBe(event.type);
      const timestamp = String(headers['x-fcc-timestamp']);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
      const signature = String(headers['x-fcc-signature']);
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(secret, timestamp, body, signature)).toBe(true);
      expect(verifyWebhookSignature(`${secret}x`, timestamp, body, signature)).toBe(false);
      expect(log.find((delivery) => delivery.id === headers['x-fcc-delivery'])).toMatchObject({
        eventId: event.id,
        eventType: event.type,
        webhookId: webhook.id,
      });
    }
    await untilDefined(async () => {
      const delivered = await deliveryLog(partner.partner.id, 'delivered');
      return delivered.length === 2 ? delivered : undefined;
    }, 'both deliveries logged as delivered');
    expect(await deliveryLog(partner.partner.id, 'delivered')).toEqual([
      expect.objectContaining({ attempts: 1, lastStatusCode: 204, lastError: null, nextAttemptAt: null }),
      expect.objectContaining({ attempts: 1, lastStatusCode: 204, lastError: null, nextAttemptAt: null }),
    ]);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/partners/${partner.partner.id}/webhooks/${webhook.id}`,
      headers: admin(),
    });
    expect(removed.statusCode).toBe(204);
    const after = await t.app.inject({
      url: `/api/partners/${partner.partner.id}/webhooks`,
      headers: admin(),
    });
    expect(after.json<Webhook[]>()[0]?.active).toBe(false);
    expect((await auditActions(webhook.id)).map((row) => row.action)).toEqual([
      'partner.webhook-created',
      'partner.webhook-deleted',
    ]);
  });

  it('retries a receiver that answers 500 twice and logs the delivery on the third attempt', async () => {
    const receiver = await startReceiver((requestNo) => (requestNo <= 2 ? 500 : 200));
    const partner = await createPartner('Flaky receiver', ['tasks:read']);
    const { secret } = await subscribe(partner.partner.id, receiver.url, ['drill.*']);

    await t.app.services.partners.webhooks.publish('drill.flaky', { drill: 'flaky' });
    const delivered = await untilDefined(() => firstWith(partner.partner.id, 'delivered'), 'the delivery');

    expect(delivered).toMatchObject({
      eventType: 'drill.flaky',
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(receiver.requests).toHaveLength(3);
    // Every retry is the same delivery of the same event, signed afresh.
    expect(new Set(receiver.requests.map((request) => request.headers['x-fcc-delivery']))).toEqual(
      new Set([delivered.id]),
    );
    expect(new Set(receiver.requests.map((request) => JSON.parse(request.body).id))).toEqual(
      new Set([delivered.eventId]),
    );
    for (const { headers, body } of receiver.requests) {
      expect(
        verifyWebhookSignature(
          secret,
          String(headers['x-fcc-timestamp']),
          body,
          String(headers['x-fcc-signature']),
        ),
      ).toBe(true);
    }
  });

  it('gives up on an unreachable URL after the last attempt and records why', async () => {
    const partner = await createPartner('Unreachable receiver', ['tasks:read']);
    await subscribe(partner.partner.id, await unreachableUrl(), ['drill.unreachable']);

    await t.app.services.partners.webhooks.publish('drill.unreachable', { drill: 'unreachable' });
    const failed = await untilDefined(() => firstWith(partner.partner.id, 'failed'), 'the delivery to fail');

    expect(failed).toMatchObject({
      eventType: 'drill.unreachable',
      attempts: MAX_ATTEMPTS,
      lastStatusCode: null,
      nextAttemptAt: null,
      deliveredAt: null,
    });
    expect(failed.lastError).toMatch(/ECONNREFUSED/);
    expect(await deliveryLog(partner.partner.id, 'pending')).toEqual([]);
  });

  it('sends only events matching a subscription’s exact types or domain wildcards', async () => {
    const receiver = await startReceiver();
    const partner = await createPartner('Picky receiver', ['tasks:read']);
    await subscribe(partner.partner.id, receiver.url, ['drill.wanted', 'exercise.*']);

    for (const type of ['drill.unwanted', 'exercisex.started', 'drill.wanted', 'exercise.started']) {
      await t.app.services.partners.webhooks.publish(type, { type });
    }
    await untilDefined(async () => {
      const delivered = await deliveryLog(partner.partner.id, 'delivered');
      return delivered.length === 2 ? delivered : undefined;
    }, 'the two wanted deliveries');

    const logged = (await deliveryLog(partner.partner.id)).map((delivery) => delivery.eventType);
    expect(logged.sort()).toEqual(['drill.wanted', 'exercise.started']);
    expect(receiver.requests.map((request) => request.headers['x-fcc-event']).sort()).toEqual([
      'drill.wanted',
      'exercise.started',
    ]);
  });

  it('stores a delivery before sending it, so one pending at shutdown is sent after a restart', async () => {
    const receiver = await startReceiver();
    const partner = await createPartner('Patient receiver', ['tasks:read']);
    await subscribe(partner.partner.id, receiver.url, ['drill.restart']);

    // As if the process stopped right after the event: nothing is sending.
    await t.app.services.partners.webhooks.stop();
    try {
      await t.app.services.partners.webhooks.publish('drill.restart', { drill: 'restart' });
      const [pending] = await deliveryLog(partner.partner.id, 'pending');
      expect(pending).toMatchObject({ eventType: 'drill.restart', attempts: 0, deliveredAt: null });
      expect(receiver.requests).toEqual([]);

      const restarted = await startServerNode();
      try {
        const request = await untilDefined(() => receiver.requests[0], 'the delivery after the restart');
        expect(request.headers['x-fcc-delivery']).toBe(pending!.id);
        expect(JSON.parse(request.body)).toMatchObject({ type: 'drill.restart', data: { drill: 'restart' } });
        await untilDefined(() => firstWith(partner.partner.id, 'delivered'), 'the delivery to be logged');
      } finally {
        await restarted.close();
      }
    } finally {
      await t.app.services.partners.webhooks.start();
    }
  });

  it('shares the queue between two server nodes without sending any delivery twice', async () => {
    const receiver = await startReceiver();
    const partner = await createPartner('Busy receiver', ['tasks:read']);
    await subscribe(partner.partner.id, receiver.url, ['drill.burst']);
    const events = 24;

    await t.app.services.partners.webhooks.stop();
    const secondNode = await startServerNode();
    try {
      await secondNode.app.services.partners.webhooks.stop();
      for (let n = 0; n < events; n++) await t.app.services.partners.webhooks.publish('drill.burst', { n });
      // Both nodes find the same backlog at once.
      await Promise.all([
        t.app.services.partners.webhooks.start(),
        secondNode.app.services.partners.webhooks.start(),
      ]);
      await untilDefined(async () => {
        const delivered = await deliveryLog(partner.partner.id, 'delivered');
        return delivered.length === events ? delivered : undefined;
      }, 'every delivery');
    } finally {
      await t.app.services.partners.webhooks.start();
      await secondNode.close();
    }

    const deliveryIds = receiver.requests.map((request) => request.headers['x-fcc-delivery']);
    expect(deliveryIds).toHaveLength(events);
    expect(new Set(deliveryIds).size).toBe(events);
    expect((await deliveryLog(partner.partner.id)).every((delivery) => delivery.attempts === 1)).toBe(true);
  });

  it('gives up the pending deliveries of a revoked partner and sends nothing more to it', async () => {
    const receiver = await startReceiver();
    const partner = await createPartner('Revoked receiver', ['tasks:read']);
    await subscribe(partner.partner.id, receiver.url, ['drill.*']);

    await t.app.services.partners.webhooks.stop();
    try {
      await t.app.services.partners.webhooks.publish('drill.before-revoke', {});
      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `/api/partners/${partner.partner.id}`,
        headers: admin(),
      });
      expect(revoked.statusCode).toBe(204);
      await t.app.services.partners.webhooks.publish('drill.after-revoke', {});
    } finally {
      await t.app.services.partners.webhooks.start();
    }

    expect(await deliveryLog(partner.partner.id)).toEqual([
      expect.objectContaining({
        eventType: 'drill.before-revoke',
        status: 'failed',
        lastError: 'partner revoked',
      }),
    ]);
    const webhooks = await t.app.inject({
      url: `/api/partners/${partner.partner.id}/webhooks`,
      headers: admin(),
    });
    expect(webhooks.json<Webhook[]>().map((webhook) => webhook.active)).toEqual([false]);
    expect(receiver.requests).toEqual([]);
  });

  it('lets a hotline partner report a problem and read it back, and sends it every task event', async () => {
    const receiver = await startReceiver();
    const partner = await createPartner('City hotline 12345', ['reports:create', 'tasks:read']);
    await subscribe(partner.partner.id, receiver.url, ['task.*']);

    const reported = await t.app.inject({
      method: 'POST',
      url: '/api/reports',
      headers: bearer(partner.key),
      payload: {
        externalId: 'HL-2026-0001',
        category: 'noise',
        description: 'Loud music after midnight',
        location: { lat: 40.805, lon: 111.605 },
      },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    const task = reported.json<Task>();
    expect(task).toMatchObject({ source: 'report', sourceRef: 'City hotline 12345:HL-2026-0001' });
    const readBack = await t.app.inject({ url: `/api/tasks/${task.id}`, headers: bearer(partner.key) });
    expect(readBack.statusCode).toBe(200);
    const partnerCloses = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/cancel`,
      headers: bearer(partner.key),
      payload: { reason: 'the partner tries' },
    });
    expect(partnerCloses.statusCode).toBe(403);

    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/cancel`,
      headers: admin(),
      payload: { reason: 'Same call as an earlier report' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const events = await untilDefined(
      () =>
        receiver.requests.length >= 2
          ? receiver.requests.map((request) => JSON.parse(request.body) as WebhookEvent)
          : undefined,
      'two task deliveries',
    );
    expect(events.map((event) => event.type).sort()).toEqual(['task.cancelled', 'task.created']);
    const cancellation = events.find((event) => event.type === 'task.cancelled')!.data as TaskChange;
    expect(cancellation.task).toMatchObject({ id: task.id, state: 'cancelled' });
    expect(cancellation.event).toMatchObject({
      type: 'cancelled',
      data: { reason: 'Same call as an earlier report' },
    });
  });

  it('answers 404 for the webhooks and delivery log of an unknown partner', async () => {
    const nobody = '00000000-0000-4000-8000-000000000000';
    for (const url of [`/api/partners/${nobody}/webhooks`, `/api/partners/${nobody}/deliveries`]) {
      const response = await t.app.inject({ url, headers: admin() });
      expect(response.statusCode).toBe(404);
      expect(response.json().message).toContain(nobody);
    }
  });
});
