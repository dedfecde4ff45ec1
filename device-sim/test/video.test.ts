// Simulated body cameras against a real command centre: WHIP publishing of the cached loop seen
// by a werift WHEP viewer, an operator's talkback heard and counted on the device, a camera that
// waits for the command centre's request and stops when the server ends the stream, a 4G dead
// zone that the stream survives with its id, RTMP push, and a refused publish making the run
// exit non-zero.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Device, Stream, StreamRequestResult } from '@fcc/shared';
import { startPublisher, startViewer } from '../../server/test/helpers/media-peers';
import { until } from '../../server/test/helpers/polling';
import {
  ADMIN_PASSWORD,
  startSim,
  startSimServer,
  type SimProcess,
  type SimServer,
} from './helpers/sim-server';

describe('simulated body cameras against a real server', () => {
  let server: SimServer;
  let dir: string;
  let sim: SimProcess | null = null;
  const devices: Record<string, Device> = {};

  beforeAll(async () => {
    server = await startSimServer({ MEDIA_TIMEOUT_MS: '1000', MEDIA_RECONNECT_GRACE_SECONDS: '20' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fcc-sim-video-'));
    for (const device of await server.api<Device[]>('GET', '/api/devices')) devices[device.uniqueId] = device;
  });
  afterEach(async () => {
    if (sim && sim.child.exitCode === null) await sim.interrupt();
    sim = null;
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const simArgs = (...extra: string[]) => [
    ...['--server', server.url, '--admin-password', ADMIN_PASSWORD],
    ...['--tokens', path.join(dir, 'tokens.json'), '--video-cache', path.join(dir, 'video')],
    ...['--fix-interval', '0.5', '--upload-interval', '0.5', '--plain', '--status-every', '0.5'],
    ...extra,
  ];
  const streams = () => server.api<Stream[]>('GET', '/api/streams');
  const liveStream = (deviceId: string, timeoutMs = 60_000) =>
    until(
      streams,
      (rows) => rows.some((row) => row.deviceId === deviceId && row.state === 'live'),
      timeoutMs,
    ).then((rows) => rows.find((row) => row.deviceId === deviceId && row.state === 'live')!);
  const watch = (streamId: string) =>
    startViewer({
      url: `${server.url}/api/streams/${streamId}/whep`,
      token: server.adminToken,
      codec: 'H264',
    });
  const cameraAlerts = async (deviceId: string) =>
    (await server.api<Alert[]>('GET', '/api/alerts')).filter(
      (alert) => alert.kind === 'camera-activated' && alert.deviceId === deviceId,
    );
  const lastCount = (output: string, label: RegExp) => {
    const matches = [...output.matchAll(label)];
    return matches.length > 0 ? Number(matches[matches.length - 1]![1]) : 0;
  };

  it('publishes an always-on camera by WHIP to a viewer, hears and counts talkback, and ends the stream on Ctrl-C', async () => {
    const camera = devices['BC-0401001']!;
    sim = startSim(simArgs('--officers', '2', '--video', '1', '--video-mode', 'always'));
    // The first run encodes the loop (a few seconds) before the fleet starts.
    const stream = await liveStream(camera.id, 90_000);
    expect(stream).toMatchObject({ ingest: 'whip', videoCodec: 'H264', audioCodec: 'opus', onDemand: false });
    expect((await streams()).filter((row) => row.deviceId === devices['BC-0401002']!.id)).toEqual([]);

    const viewer = await watch(stream.id);
    await viewer.receivesVideo(60, 30_000);
    await until(viewer.audioPackets, (n) => n > 10);
    await viewer.close();
    // A camera that started on its own is an officer who started recording: operators are told.
    expect(await cameraAlerts(camera.id)).toHaveLength(1);
    const resolution = await until(streams, (rows) => rows.some((row) => row.width === 640));
    expect(resolution.find((row) => row.id === stream.id)).toMatchObject({ width: 640, height: 360 });

    const talkback = await startPublisher({
      url: `${server.url}/api/media/devices/${camera.id}/talkback`,
      token: server.adminToken,
      video: false,
    });
    await until(
      () => lastCount(sim!.output(), /talkback packets (\d+)/g),
      (heard) => heard >= 50,
      30_000,
    );
    expect(sim.output()).toContain('talks to the officer');
    expect(await talkback.stop(server.url, server.adminToken)).toBe(200);
    await until(sim.output, (output) => output.includes('talkback ended'));

    expect(sim.output()).toMatch(/streams live 1\/1/);
    const code = await sim.interrupt();
    expect(code, sim.output()).toBe(0);
    const ended = await server.query<{ state: string; end_reason: string }>(
      'SELECT state, end_reason FROM streams WHERE id = $1',
      [stream.id],
    );
    expect(ended[0]).toEqual({ state: 'ended', end_reason: 'stopped by the publisher' });
  });

  it('an on-request camera publishes when an operator asks and stops when the server ends the stream', async () => {
    const camera = devices['BC-0401001']!;
    const alertsBefore = (await cameraAlerts(camera.id)).length;
    sim = startSim(simArgs('--officers', '1', '--video', '1'));
    // Asked as soon as the device's socket is connected (409 until then).
    const request = await until(
      () =>
        server
          .api<StreamRequestResult>('POST', `/api/media/devices/${camera.id}/stream-request`, {
            reason: 'show me the scene',
          })
          .catch(() => null),
      (result) => result !== null,
      60_000,
    );
    expect(request).toMatchObject({ delivered: 1, streamId: null });
    const stream = await liveStream(camera.id);
    expect(stream.onDemand).toBe(true);
    const viewer = await watch(stream.id);
    await viewer.receivesVideo(30, 30_000);
    await viewer.close();
    expect(sim.output()).toMatch(/asks for video \(.*Administrator: show me the scene\)/);
    expect(await cameraAlerts(camera.id)).toHaveLength(alertsBefore);

    await server.api('DELETE', `/api/streams/${stream.id}`);
    await until(sim.output, (output) => output.includes('the server ended the stream (ended by admin)'));
    await until(sim.output, (output) => /streams live 0\/1\s*$/m.test(output.trimEnd()));
    expect(await streams()).toEqual([]);
    expect(await sim.interrupt(), sim.output()).toBe(0);
  });

  it('goes silent in a 4G dead zone and resumes the same stream after it', async () => {
    const camera = devices['BC-0401001']!;
    sim = startSim(
      simArgs('--officers', '1', '--video', '1', '--video-mode', 'always', '--scenario', 'dead-zone@15s-23s'),
    );
    const published = () => [...sim!.output().matchAll(/camera live, stream ([\w-]+)/g)].map((m) => m[1]);
    const [streamId] = await until(published, (ids) => ids.length === 1, 60_000);
    await until(sim.output, (output) => output.includes('camera silent (no 4G)'), 60_000);
    // The server notices the silence, keeps the stream for its grace period…
    await until(streams, (rows) => rows.some((row) => row.id === streamId && row.state === 'reconnecting'));
    // …and the device, back, publishes into the same stream.
    const ids = await until(published, (all) => all.length === 2, 60_000);
    expect(ids).toEqual([streamId, streamId]);
    const resumed = await liveStream(camera.id, 30_000);
    expect(resumed.id).toBe(streamId);
    const viewer = await watch(streamId!);
    await viewer.receivesVideo(30, 30_000);
    await viewer.close();
    expect(await sim.interrupt(), sim.output()).toBe(0);
  });

  it('pushes the loop by RTMP with a stream key it issues', async () => {
    const camera = devices['BC-0401001']!;
    sim = startSim(
      simArgs('--officers', '1', '--video', '1', '--video-mode', 'always', '--video-transport', 'rtmp'),
    );
    const stream = await liveStream(camera.id);
    expect(stream).toMatchObject({ ingest: 'rtmp', videoCodec: 'H264' });
    expect(sim.output()).toContain('issued RTMP stream keys for 1 camera(s)');
    const viewer = await watch(stream.id);
    await viewer.receivesVideo(30, 30_000);
    await viewer.close();
    expect(await sim.interrupt(), sim.output()).toBe(0);
    await until(streams, (rows) => rows.length === 0);
  });

  it('exits non-zero when the server refuses the publish', async () => {
    const camera = devices['BC-0401001']!;
    const tokens = JSON.parse(await fs.readFile(path.join(dir, 'tokens.json'), 'utf8')) as Record<
      string,
      string
    >;
    // Another publisher already sends for the device: the server answers 409.
    const other = await startPublisher({
      url: `${server.url}/api/media/devices/${camera.id}/whip`,
      token: tokens['BC-0401001']!,
      codec: 'H264',
    });
    try {
      sim = startSim(
        simArgs('--officers', '1', '--video', '1', '--video-mode', 'always', '--duration', '5s'),
      );
      const code = await sim.exited;
      expect(code, sim.output()).toBe(1);
      expect(sim.output()).toMatch(/publish refused: WHIP publish: 409 Device .* is already publishing/);
    } finally {
      await other.drop();
    }
  });
});
