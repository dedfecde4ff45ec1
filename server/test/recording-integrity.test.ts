// Verify failures become alerts: a segment file altered on disk makes POST /verify raise an
// `integrity-failure` alert naming the recording and its first broken link, which dashboards get
// live on /live; the periodic job finds another tampered recording by itself, walking the closed
// recordings a few at a time; an alert stays one while it is open.
import fs from 'node:fs';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, RecordingVerification } from '@fcc/shared';
import { createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { until } from './helpers/polling';
import { seedRecording, type SeededRecording } from './helpers/recording-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

describe('integrity failures raised as alerts', () => {
  let t: TestApp;
  let pool: pg.Pool;
  let patrol: PatrolFixture;
  let live: Socket;
  const pushed: Alert[] = [];
  const integrityAlerts = async () =>
    (await t.app.inject({ url: '/api/alerts?limit=500', headers: t.auth('operator') }))
      .json<Alert[]>()
      .filter((alert) => alert.kind === 'integrity-failure');

  beforeAll(async () => {
    t = await createTestApp({ RECORDING_VERIFY_EVERY_MINUTES: 'off', RECORDING_VERIFY_BATCH: '2' });
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    pool = new pg.Pool({ connectionString: t.databaseUrl });
    patrol = await createPatrolFixture(t);
    live = connect(`${url}/live`, {
      auth: { token: t.tokens.operator },
      transports: ['websocket'],
      reconnection: false,
    });
    live.on('alert', (alert: Alert) => pushed.push(alert));
    await new Promise<void>((resolve, reject) => live.on('connect', resolve).on('connect_error', reject));
  });
  afterAll(async () => {
    live?.disconnect();
    await pool?.end();
    await t?.close();
  });

  it('raises an alert naming the recording and the first broken link when a verify fails, pushed live', async () => {
    const recording = await seedRecording(t, pool, {
      deviceId: patrol.deviceId,
      officerId: patrol.officerId,
      startedAt: new Date(Date.now() - 3600_000),
      segments: 3,
    });
    const good = await t.app.inject({
      method: 'POST',
      url: `/api/recordings/${recording.id}/verify`,
      headers: t.auth('supervisor'),
    });
    expect(good.json<RecordingVerification>().ok).toBe(true);
    expect(await integrityAlerts()).toEqual([]);

    const bytes = fs.readFileSync(recording.files[1]!);
    bytes[10]! ^= 0x01; // bit rot in the second segment
    fs.writeFileSync(recording.files[1]!, bytes);
    const verify = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/recordings/${recording.id}/verify`,
        headers: t.auth('supervisor'),
      });
    const bad = (await verify()).json<RecordingVerification>();
    expect(bad).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 1, problem: 'file-altered' } });

    const [alert] = await integrityAlerts();
    expect(alert).toMatchObject({
      severity: 'critical',
      officerId: patrol.officerId,
      deviceId: patrol.deviceId,
      data: { recordingId: recording.id, seq: 1, problem: 'file-altered', trigger: 'request' },
    });
    expect(alert!.message).toContain(`Recording ${recording.id} failed verification at segment 1`);
    const livePush = await until(
      () => pushed.find((pushedAlert) => pushedAlert.id === alert!.id),
      (found) => found !== undefined,
    );
    expect(livePush!.data).toMatchObject({ recordingId: recording.id, problem: 'file-altered' });

    // Verified again while the alert is open: still one alert.
    expect((await verify()).json<RecordingVerification>().ok).toBe(false);
    expect(await integrityAlerts()).toHaveLength(1);
  });

  it('finds a tampered recording by itself in the periodic check, a few recordings per run', async () => {
    const seeded: SeededRecording[] = [];
    for (let i = 0; i < 3; i++)
      seeded.push(
        await seedRecording(t, pool, {
          deviceId: patrol.deviceId,
          officerId: patrol.officerId,
          startedAt: new Date(Date.now() - (10 - i) * 60_000),
        }),
      );
    const tampered = seeded[2]!;
    fs.rmSync(tampered.files[0]!);
    const verifiedCount = async () =>
      (
        await pool.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM recordings WHERE id = ANY($1::uuid[]) AND verified_at IS NOT NULL`,
          [seeded.map((recording) => recording.id)],
        )
      ).rows[0]!.count;
    // Batches of 2 (RECORDING_VERIFY_BATCH), never-verified first.
    await t.app.services.recordingIntegrity.runBatch();
    expect(await verifiedCount()).toBe(2);
    await t.app.services.recordingIntegrity.runBatch();
    expect(await verifiedCount()).toBe(3);
    const alerts = await integrityAlerts();
    const periodic = alerts.find((alert) => alert.data.recordingId === tampered.id);
    expect(periodic).toMatchObject({
      data: { seq: 0, problem: 'file-missing', trigger: 'periodic' },
    });
    expect(alerts.filter((alert) => seeded.slice(0, 2).some((r) => r.id === alert.data.recordingId))).toEqual(
      [],
    );
  });
});
