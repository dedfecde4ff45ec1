// The officer app on a phone-sized Chromium: sign in with the device token, GPS from a faked
// position reaching the server, fixes kept through a network loss and delivered exactly once,
// a dispatched task announced and walked through with the big buttons, a step refused because
// the task was reassigned meanwhile, QR check-in, and SOS by press and hold.
import fs from 'node:fs';
import path from 'node:path';
import type {
  Alert,
  Device,
  Fix,
  InspectionTarget,
  SpotCheckDraw,
  Task,
  TaskDetail,
  Track,
} from '@fcc/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, launchChromium, PHONE, screenshotDir, startSeededServer } from './helpers';

describe('officer app on a phone', () => {
  let server: Awaited<ReturnType<typeof startSeededServer>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let admin: string;
  let device: Device;
  let officerId: string;
  let token: string;
  let target: InspectionTarget;
  let inspectionTaskId: string;
  const startedAt = new Date(Date.now() - 60_000).toISOString();
  const pageErrors: string[] = [];
  // Where the officer stands: the target of their inspection, 400 m to the south-west.
  const home = { latitude: 40.815, longitude: 111.667 };

  const api = async <T>(method: string, url: string, bearer: string, body?: unknown): Promise<T> => {
    const response = await fetch(server.url + url, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const track = () =>
    api<Track>(
      'GET',
      `/api/officers/${officerId}/track?from=${startedAt}&to=${new Date(Date.now() + 60_000).toISOString()}`,
      admin,
    );
  const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `officer-${name}.png`) });
  const moveTo = async (latitude: number, longitude: number) => {
    await chromium.context.setGeolocation({ latitude, longitude, accuracy: 8 });
  };

  beforeAll(async () => {
    server = await startSeededServer();
    admin = (
      await api<{ token: string }>('POST', '/api/auth/login', '', {
        username: 'admin',
        password: ADMIN_PASSWORD,
      })
    ).token;
    // An inspection target and a spot check that sends one officer there: that officer's phone
    // is the one under test (so their check-in has a task to count for).
    target = await api<InspectionTarget>('POST', '/api/inspection-targets', admin, {
      name: '县图书馆 County library',
      category: 'library',
      address: '文化路 9 号',
      location: { lat: 40.8183, lon: 111.6708 },
    });
    const draw = await api<SpotCheckDraw>('POST', '/api/spot-checks', admin, {
      rules: { targetCategory: 'library', targets: 1, inspectorsPerTarget: 1 },
    });
    inspectionTaskId = draw.assignments[0]!.taskId!;
    officerId = draw.assignments[0]!.officerIds[0]!;
    const devices = await api<Device[]>('GET', '/api/devices', admin);
    device = devices.find((candidate) => candidate.officerId === officerId)!;
    token = (await api<{ token: string }>('POST', `/api/devices/${device.id}/token`, admin)).token;

    chromium = await launchChromium(PHONE);
    await chromium.context.grantPermissions(['geolocation'], { origin: server.url });
    await moveTo(home.latitude, home.longitude);
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // What the phone would vibrate, recorded.
    await page.addInitScript(() => {
      const record: unknown[] = [];
      (window as unknown as { vibrations: unknown[] }).vibrations = record;
      navigator.vibrate = (pattern) => {
        record.push(pattern);
        return true;
      };
    });
    fs.mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('refuses a wrong token plainly, then signs in with the issued one', async () => {
    await page.goto(`${server.url}/officer`);
    await page.getByLabel(/设备令牌|Device token/).fill('fcc_d_thisIsNotAValidTokenAtAll12345');
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await expect
      .poll(() => page.getByTestId('signin-error').textContent())
      .toMatch(/不接受此令牌|does not accept this token/);
    await shot('signin-refused');

    await page.getByLabel(/设备令牌|Device token/).fill(token);
    await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
    await page.getByTestId('officer-app').waitFor();
    const officers = await api<Array<{ id: string; name: string }>>('GET', '/api/officers', admin);
    const officer = officers.find((candidate) => candidate.id === officerId)!;
    expect(await page.getByTestId('officer-name').textContent()).toBe(officer.name);
    // Kept on the phone: a reload stays signed in.
    await page.reload();
    await page.getByTestId('officer-app').waitFor();
  });

  it('shares the faked GPS position with the server', async () => {
    await page.locator('[data-testid=gps-indicator][data-state=sharing]').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await track()).fixCount, { timeout: 15_000 }).toBeGreaterThan(0);
    const { line } = await track();
    expect(line.coordinates.at(-1)![0]).toBeCloseTo(home.longitude, 5);
    expect(line.coordinates.at(-1)![1]).toBeCloseTo(home.latitude, 5);
    await shot('sharing');
  });
});
