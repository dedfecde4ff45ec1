import type { Alert } from '@fcc/shared';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LiveHub } from '../positions/live-hub';
import { AlertWebhookEvents } from './alert-webhook-events';

const raised: Alert = {
  id: '6f1c2a4e-0000-4000-8000-000000000001',
  kind: 'left-area',
  severity: 'warning',
  officerId: null,
  deviceId: null,
  message: 'left the assigned area',
  data: {},
  lat: null,
  lon: null,
  raisedAt: '2026-01-01T08:00:00.000Z',
  acknowledgedAt: null,
  resolvedAt: null,
};

function listen() {
  const hub = new LiveHub();
  const published: Array<{ type: string; data: unknown }> = [];
  const events = new AlertWebhookEvents(
    hub,
    { publish: async (type, data) => void published.push({ type, data }) },
    pino({ level: 'silent' }),
  );
  events.start();
  return { hub, events, published };
}

describe('alert webhook events', () => {
  it('publishes a newly raised alert as alert.raised, and an SOS also as sos.raised', async () => {
    const { hub, published } = listen();
    hub.emit('alert', raised);
    hub.emit('alert', { ...raised, kind: 'sos', severity: 'critical' });
    await Promise.resolve();
    expect(published.map((event) => event.type)).toEqual(['alert.raised', 'alert.raised', 'sos.raised']);
    expect(published[0]!.data).toEqual(raised);
  });

  it('does not announce an acknowledged or resolved alert as raised', async () => {
    const { hub, published } = listen();
    hub.emit('alert', { ...raised, acknowledgedAt: '2026-01-01T08:01:00.000Z' });
    hub.emit('alert', { ...raised, kind: 'sos', resolvedAt: '2026-01-01T08:02:00.000Z' });
    await Promise.resolve();
    expect(published).toEqual([]);
  });

  it('stops listening when stopped', async () => {
    const { hub, events, published } = listen();
    events.stop();
    hub.emit('alert', raised);
    await Promise.resolve();
    expect(published).toEqual([]);
  });
});
