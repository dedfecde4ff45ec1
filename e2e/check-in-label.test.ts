// 扫码留痕 from paper to timeline: the printed label of an inspection target, drawn by Chromium,
// is read by an independent QR decoder (jsQR, as a phone's scanner would), and the text it reads
// checks the drawn inspector in at the target.
import path from 'node:path';
import type { CheckInResult, Device, InspectionTarget, SpotCheckDraw, TaskDetail } from '@fcc/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, launchChromium, repoRoot, startSeededServer } from './helpers';

describe('inspection check-in label', () => {
  let server: Awaited<ReturnType<typeof startSeededServer>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let admin: string;

  const api = async (method: string, url: string, token: string, body?: unknown) => {
    const response = await fetch(server.url + url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };
  const json = async <T>(method: string, url: string, token: string, body?: unknown): Promise<T> => {
    const { status, text } = await api(method, url, token, body);
    if (status >= 300) throw new Error(`${method} ${url}: ${status} ${text}`);
    return JSON.parse(text) as T;
  };

  beforeAll(async () => {
    server = await startSeededServer();
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    admin = (
      await json<{ token: string }>('POST', '/api/auth/login', '', {
        username: 'admin',
        password: ADMIN_PASSWORD,
      })
    ).token;
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  /** Draws the SVG label on a canvas in the page and reads it with jsQR. */
  async function scan(svg: string): Promise<string | null> {
    await page.setContent('<canvas id="label"></canvas>');
    await page.addScriptTag({ path: path.join(repoRoot, 'node_modules/jsqr/dist/jsQR.js') });
    return page.evaluate(async (source) => {
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
      await image.decode();
      const canvas = document.getElementById('label') as HTMLCanvasElement;
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      const decode = (
        window as unknown as {
          jsQR: (data: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
        }
      ).jsQR;
      return decode(pixels.data, pixels.width, pixels.height)?.data ?? null;
    }, svg);
  }

  it('prints a code a scanner reads, and the text read checks the drawn inspector in', async () => {
    const target = await json<InspectionTarget>('POST', '/api/inspection-targets', admin, {
      name: '县博物馆 County museum',
      category: 'museum',
      address: '文化路 1 号',
      location: { lat: 40.8183, lon: 111.6708 },
    });
    const label = await api('GET', `/api/inspection-targets/${target.id}/label.svg`, admin);
    expect(label.status).toBe(200);
    const scanned = await scan(label.text);
    expect(scanned).toMatch(/^FCC-CHECKIN:ck_[A-Za-z0-9_-]{22}$/);

    const draw = await json<SpotCheckDraw>('POST', '/api/spot-checks', admin, {
      rules: { targetCategory: 'museum', targets: 1, inspectorsPerTarget: 1 },
    });
    const { taskId, officerIds } = draw.assignments[0]!;
    const devices = await json<Device[]>('GET', '/api/devices', admin);
    const device = devices.find((candidate) => candidate.officerId === officerIds[0])!;
    const { token } = await json<{ token: string }>('POST', `/api/devices/${device.id}/token`, admin);

    const checkIn = await json<CheckInResult>('POST', '/api/device/check-in', token, {
      qr: scanned,
      location: { lat: 40.81835, lon: 111.67085 },
    });
    expect(checkIn).toMatchObject({ taskId, targetId: target.id });
    expect(checkIn.distanceMetres).toBeLessThan(10);
    const task = await json<TaskDetail>('GET', `/api/tasks/${taskId}`, admin);
    expect(task.events.at(-1)).toMatchObject({ type: 'checked-in', actor: `device:${device.uniqueId}` });
  });
});
