// Headless Chromium publishes its fake camera by WHIP and watches it back by WHEP through the
// relay; frames must be decoded (getStats framesDecoded > 0), from the relay's cached GOP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../server/test/helpers/test-app';

async function launchWithFakeMedia(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-chromium-media-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

interface Exchange {
  status: number;
  location: string | null;
  streamId: string | null;
  body: string;
}

/** Runs in the page: publish the fake camera and microphone by WHIP. */
async function publishInPage(page: Page, whipUrl: string, token: string): Promise<Exchange> {
  return page.evaluate(
    async ({ whipUrl, token }) => {
      const media = await navigator.mediaDevices.getUserMedia({
        video: { width: 320, height: 240 },
        audio: true,
      });
      const pc = new RTCPeerConnection();
      for (const track of media.getTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === 'complete') return resolve();
        pc.addEventListener(
          'icegatheringstatechange',
          () => pc.iceGatheringState === 'complete' && resolve(),
        );
      });
      const response = await fetch(whipUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/sdp' },
        body: pc.localDescription!.sdp,
      });
      const body = await response.text();
      if (response.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: body });
      (window as unknown as { publisher: RTCPeerConnection }).publisher = pc;
      return {
        status: response.status,
        location: response.headers.get('location'),
        streamId: response.headers.get('x-stream-id'),
        body,
      };
    },
    { whipUrl, token },
  );
}

/** Runs in the page: watch by WHEP; answers with the time from the request to the first decoded frame. */
async function watchInPage(page: Page, whepUrl: string, token: string) {
  return page.evaluate(
    async ({ whepUrl, token }) => {
      const pc = new RTCPeerConnection();
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === 'complete') return resolve();
        pc.addEventListener(
          'icegatheringstatechange',
          () => pc.iceGatheringState === 'complete' && resolve(),
        );
      });
      const requestedAt = performance.now();
      const response = await fetch(whepUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/sdp' },
        body: pc.localDescription!.sdp,
      });
      if (response.status !== 201) return { status: response.status, error: await response.text() };
      await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
      const video = async () => {
        const report = await pc.getStats();
        let stats: { framesDecoded?: number; frameWidth?: number; packetsReceived?: number } = {};
        report.forEach((entry: { type: string; kind?: string }) => {
          if (entry.type === 'inbound-rtp' && entry.kind === 'video') stats = entry as typeof stats;
        });
        return stats;
      };
      const deadline = performance.now() + 15_000;
      while (performance.now() < deadline) {
        const stats = await video();
        if ((stats.framesDecoded ?? 0) > 0) {
          const firstFrameMs = Math.round(performance.now() - requestedAt);
          await new Promise((resolve) => setTimeout(resolve, 1500));
          const later = await video();
          pc.close();
          return {
            status: 201,
            firstFrameMs,
            framesDecoded: later.framesDecoded ?? 0,
            frameWidth: later.frameWidth,
          };
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      pc.close();
      return { status: 201, error: `no frame decoded in 15 s: ${JSON.stringify(await video())}` };
    },
    { whepUrl, token },
  );
}

async function publisherPliCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { publisher: RTCPeerConnection }).publisher;
    let count = 0;
    (await pc.getStats()).forEach((entry: { type: string; kind?: string; pliCount?: number }) => {
      if (entry.type === 'outbound-rtp' && entry.kind === 'video') count += entry.pliCount ?? 0;
    });
    return count;
  });
}

describe('media in Chromium', () => {
  let t: TestApp;
  let url: string;
  let browser: Awaited<ReturnType<typeof launchWithFakeMedia>>;
  let publisherPage: Page;
  let exchange: Exchange;

  beforeAll(async () => {
    t = await createTestApp();
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchWithFakeMedia();
    publisherPage = await browser.context.newPage();
    await publisherPage.goto(`${url}/healthz`); // same origin as the API: no CORS involved
    exchange = await publishInPage(
      publisherPage,
      `${url}/api/media/devices/${t.device.id}/whip`,
      t.device.token,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('publishes the fake camera by WHIP', () => {
    expect(exchange.status).toBe(201);
    expect(exchange.location).toMatch(/^\/api\/media\/whip\//);
  });

  it('encrypts the media with AES-GCM SRTP (cheaper per packet than AES-CM + HMAC-SHA1)', async () => {
    const cipher = await publisherPage.evaluate(async () => {
      const pc = (window as unknown as { publisher: RTCPeerConnection }).publisher;
      for (let tries = 0; tries < 100; tries += 1) {
        let found: string | undefined;
        (await pc.getStats()).forEach((entry: { type: string; dtlsState?: string; srtpCipher?: string }) => {
          if (entry.type === 'transport' && entry.dtlsState === 'connected') found = entry.srtpCipher;
        });
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return 'DTLS not connected in 10 s';
    });
    expect(cipher).toBe('SRTP_AEAD_AES_128_GCM');
  });

  it('watches it by WHEP with decoded frames, the first from the relay’s cached GOP', async () => {
    const viewerPage = await browser.context.newPage();
    await viewerPage.goto(`${url}/healthz`);
    const whep = `${url}/api/streams/${exchange.streamId}/whep`;
    // The first viewer fills nothing: Chrome's first keyframe is already cached by now.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const plisBefore = await publisherPliCount(publisherPage);
    const first = await watchInPage(viewerPage, whep, t.tokens.operator);
    expect(first, JSON.stringify(first)).toMatchObject({ status: 201 });
    expect(first.framesDecoded).toBeGreaterThan(0);
    const second = await watchInPage(viewerPage, whep, t.tokens.supervisor);
    expect(second.framesDecoded).toBeGreaterThan(0);
    const plisAfter = await publisherPliCount(publisherPage);
    console.info(
      `WHEP request → first decoded frame: ${first.firstFrameMs} ms, ${second.firstFrameMs} ms; ` +
        `PLIs to the publisher while two viewers joined: ${plisAfter - plisBefore}`,
    );
    expect(first.frameWidth).toBe(320);
  });
});
