// Talkback is part of the full process: what the command centre said to an officer is recorded
// (audio only) as its own recording of the device and officer spoken to, naming the operator who
// spoke, chained and verifiable like a camera recording.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingDetail, RecordingVerification } from '@fcc/shared';
import { startPublisher } from './helpers/media-peers';
import { createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { until } from './helpers/polling';
import { createTestApp, type TestApp } from './helpers/test-app';

describe('talkback recording', () => {
  let t: TestApp;
  let url: string;
  let patrol: PatrolFixture;

  beforeAll(async () => {
    t = await createTestApp({ RECORDING_SEGMENT_SECONDS: '2', RECORDING_VERIFY_EVERY_MINUTES: 'off' });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    patrol = await createPatrolFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records an operator talking to a device as an audio-only recording of that device and officer', async () => {
    const operator = await startPublisher({
      url: `${url}/api/media/devices/${patrol.deviceId}/talkback`,
      token: t.tokens.operator,
      video: false,
    });
    const streamId = operator.exchange.streamId!;
    const get = async <T>(path: string) =>
      (await t.app.inject({ url: path, headers: t.auth('supervisor') })).json<T>();
    const recordingId = await until(
      () => t.app.services.recordings.recordingOf(streamId),
      (id) => id !== undefined,
    );
    await until(
      () => get<RecordingDetail>(`/api/recordings/${recordingId}`),
      (recording) => recording.segmentCount >= 2,
      40_000,
    );
    expect(await operator.stop(url, t.tokens.operator)).toBe(200);
    const recording = await until(
      () => get<RecordingDetail>(`/api/recordings/${recordingId}`),
      (found) => found.endedAt !== null,
      40_000,
    );
    expect(recording).toMatchObject({
      source: 'talkback',
      streamId,
      deviceId: patrol.deviceId,
      officerId: patrol.officerId,
      speakerUserId: t.userIds.operator,
      videoCodec: null,
      audioCodec: 'opus',
      container: 'webm',
    });
    expect(recording.closeReason).toBe('stream ended: stopped by the publisher');
    expect(recording.seconds).toBeGreaterThan(2);
    const verified = (
      await t.app.inject({
        method: 'POST',
        url: `/api/recordings/${recordingId}/verify`,
        headers: t.auth('supervisor'),
      })
    ).json<RecordingVerification>();
    expect(verified).toMatchObject({ ok: true, checked: recording.segmentCount });
    // The officer spoken to finds it among their device's recordings.
    const listed = await get<{ id: string; source: string }[]>(
      `/api/recordings?officerId=${patrol.officerId}`,
    );
    expect(listed.find((r) => r.id === recordingId)?.source).toBe('talkback');
  }, 120_000);
});
