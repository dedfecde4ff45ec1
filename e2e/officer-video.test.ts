// The officer app's video on a 360×740 phone in Chromium with its fake camera and microphone:
// the command centre's request (a tap first while the browser has not allowed the camera, none
// once it has), the officer's own Record, a dropped connection re-published into the same
// stream, the server ending a stream, and talkback played on the phone. A werift WHEP viewer in
// this process checks that the phone's video really reaches the relay.
import fs from 'node:fs';
import path from 'node:path';
import type { Alert, Device, Stream } from '@fcc/shared';
import type { Page } from 'playwright-core';
import type { RTCPeerConnection } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPublisher, startViewer, type TestViewer } from '../server/test/helpers/media-peers';
import {
  ADMIN_PASSWORD,
  FAKE_MEDIA,
  launchChromium,
  PHONE,
  screenshotDir,
  startSeededServer,
} from './helpers';

const SMALL_PHONE = { ...PHONE, viewport: { width: 360, height: 740 } };

describe('officer app video on a phone', () => {
  let server: Awaited<ReturnType<typeof startSeededServer>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let admin: string;
  let device: Device;
  const pageErrors: string[] = [];

  const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(server.url + url, {
      method,
      headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const shot = (name: string) =>
    page.screenshot({ path: path.join(screenshotDir, `officer-video-${name}.png`) });
  const banner = (state: string) => page.locator(`[data-testid=live-banner][data-state=${state}]`);
  const streamOf = async (id: string) =>
    (await api<Stream[]>('GET', '/api/streams')).find((s) => s.id === id);
  const liveStreamId = async () => {
    await banner('live').waitFor({ timeout: 30_000 });
    const id = await banner('live').getAttribute('data-stream-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    return id!;
  };
  /** A werift viewer of the stream, as the command centre's video wall would be. */
  const watch = async (streamId: string): Promise<TestViewer> => {
    const stream = (await streamOf(streamId))!;
    return startViewer({
      url: `${server.url}/api/streams/${streamId}/whep`,
      token: admin,
      codec: stream.videoCodec === 'H264' ? 'H264' : 'VP8',
    });
  };

  beforeAll(async () => {
    server = await startSeededServer();
    admin = (
      await api<{ token: string }>('POST', '/api/auth/login', {
        username: 'admin',
        password: ADMIN_PASSWORD,
      })
    ).token;
    // An area team leader's phone: the device the officer app runs on.
    const devices = await api<Device[]>('GET', '/api/devices');
    device = devices.find((candidate) => candidate.kind === 'phone' && candidate.officerId !== null)!;
    const { token } = await api<{ token: string }>('POST', `/api/devices/${device.id}/token`);

    chromium = await launchChromium(SMALL_PHONE, FAKE_MEDIA);
    await chromium.context.grantPermissions(['geolocation'], { origin: server.url });
    await chromium.context.setGeolocation({ latitude: 40.815, longitude: 111.667, accuracy: 8 });
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/officer#token=${token}`);
    await page.getByTestId('officer-app').waitFor({ timeout: 15_000 });
    fs.mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('asks for a tap when the browser has not allowed the camera yet, then streams what was asked', async () => {
    expect(
      await page.evaluate(
        async () => (await navigator.permissions.query({ name: 'camera' as PermissionName })).state,
      ),
    ).not.toBe('granted');
    // The device socket must be up to receive the request.
    await page.locator('[data-testid=gps-indicator][data-state=sharing]').waitFor({ timeout: 15_000 });
    await api('POST', `/api/media/devices/${device.id}/stream-request`, {
      reason: '请拍摄摊位 Film the stall',
    });
    await page.getByTestId('video-request').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('video-request').textContent()).toContain('Film the stall');
    await shot('request');
    await page.getByTestId('video-accept').click();

    const streamId = await liveStreamId();
    const stream = (await streamOf(streamId))!;
    // Asked for, so no "camera activated" alert; H.264 chosen because the phone offered it first.
    expect(stream).toMatchObject({ deviceId: device.id, ingest: 'whip', onDemand: true, videoCodec: 'H264' });
    expect(stream.audioCodec).toBe('opus');
    const viewer = await watch(streamId);
    await viewer.receivesVideo(60, 20_000);
    // Video may all have come from the relay's cached GOP: wait for the microphone's live packets.
    await expect.poll(() => viewer.audioPackets(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('live-banner').textContent()).toMatch(/直播中|LIVE/);
    await shot('live');

    // The officer stops: the stream ends at once (no reconnect grace), and the phone says nothing more.
    await page.getByTestId('video-stop').click();
    await page.getByTestId('live-banner').waitFor({ state: 'detached' });
    await expect.poll(() => streamOf(streamId), { timeout: 10_000 }).toBeUndefined();
    await viewer.close();
  });

  it('streams without a tap once the camera is allowed; an operator ending it stops the phone', async () => {
    await chromium.context.grantPermissions(['geolocation', 'camera', 'microphone'], { origin: server.url });
    await api('POST', `/api/media/devices/${device.id}/stream-request`, {});
    const streamId = await liveStreamId();
    expect(await page.getByTestId('video-request').count()).toBe(0);
    const viewer = await watch(streamId);
    await viewer.receivesVideo(30, 20_000);

    await api('DELETE', `/api/streams/${streamId}`);
    await page.getByTestId('live-banner').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('video-notice').textContent()).toMatch(/视频已结束|The video has ended/);
    await shot('ended-by-operator');
    await page.getByTestId('video-notice').getByRole('button').click();
    await viewer.close();
  });

  it('goes live with the Record button, re-publishes into the same stream after a drop', async () => {
    const cameraAlerts = async () =>
      (await api<Alert[]>('GET', '/api/alerts')).filter(
        (alert) => alert.kind === 'camera-activated' && alert.deviceId === device.id,
      );
    expect(await cameraAlerts()).toEqual([]);
    await page.getByTestId('record-button').click();
    const streamId = await liveStreamId();
    expect(await streamOf(streamId)).toMatchObject({ onDemand: false, state: 'live' });
    // Started by the officer: the command centre is told the camera came on.
    await expect
      .poll(async () => (await cameraAlerts()).map((alert) => alert.data.streamId), { timeout: 10_000 })
      .toEqual([streamId]);
    const viewer = await watch(streamId);
    await viewer.receivesVideo(30, 20_000);

    // The connection is lost (the server's end of it closes, as when a 4G link dies): the phone
    // says so and offers again; the server resumes the same stream and the viewer continues.
    const relay = server.app.services.media.relayOf(streamId)!;
    await (relay as unknown as { publisher: { pc: RTCPeerConnection } }).publisher.pc.close();
    await banner('reconnecting').waitFor({ timeout: 30_000 });
    await shot('reconnecting');
    expect(await liveStreamId()).toBe(streamId);
    await viewer.receivesVideo(30, 20_000);
    expect((await streamOf(streamId))?.state).toBe('live');

    await page.getByTestId('record-button').click(); // the same place stops it
    await expect.poll(() => streamOf(streamId), { timeout: 10_000 }).toBeUndefined();
    await viewer.close();
  });

  it('plays an operator speaking (talkback) and says who speaks', async () => {
    const operator = await startPublisher({
      url: `${server.url}/api/media/devices/${device.id}/talkback`,
      token: admin,
      video: false,
    });
    const talkback = page.getByTestId('talkback-banner');
    await page.locator('[data-testid=talkback-banner][data-state=playing]').waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => Number(await talkback.getAttribute('data-packets')), { timeout: 15_000 })
      .toBeGreaterThan(50);
    expect(await talkback.textContent()).toMatch(/指挥中心正在讲话|Command centre speaking/);
    const audio = await page.getByTestId('talkback-audio').evaluate((element: HTMLAudioElement) => ({
      paused: element.paused,
      hasStream: element.srcObject instanceof MediaStream,
    }));
    expect(audio).toEqual({ paused: false, hasStream: true });
    await shot('talkback');

    expect(await operator.stop(server.url, admin)).toBe(200);
    await talkback.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('says the same in English, and raised no page errors', async () => {
    await page.getByRole('button', { name: /^(菜单|Menu)$/ }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('officer-menu').getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('record-button').click();
    const streamId = await liveStreamId();
    expect(await page.getByTestId('live-banner').textContent()).toContain(
      'LIVEThe command centre sees your camera',
    );
    expect(await page.getByTestId('record-button').textContent()).toContain('Stop video');
    await shot('english-live');
    await page.getByTestId('video-stop').click();
    await expect.poll(() => streamOf(streamId), { timeout: 10_000 }).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });
});
