// Getting an officer's phone onto the officer app: the administrator issues a sign-in QR code in
// the dashboard, the phone photographs it and is signed in as that device; when the token is
// revoked the phone says so and returns to the sign-in screen.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, launchChromium, PHONE, screenshotDir, startSeededServer } from './helpers';

describe('officer app: sign-in QR from the dashboard', () => {
  let server: Awaited<ReturnType<typeof startSeededServer>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let dashboard: Page;
  let phone: Page;
  let qrImage: Buffer;
  let deviceId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startSeededServer();
    chromium = await launchChromium(PHONE);
    fs.mkdirSync(screenshotDir, { recursive: true });
    dashboard = await chromium.context.newPage();
    await dashboard.setViewportSize({ width: 1400, height: 900 });
    phone = await chromium.context.newPage();
    for (const page of [dashboard, phone]) page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('shows the administrator a sign-in QR code for a device, once', async () => {
    await dashboard.goto(server.url);
    await dashboard.getByLabel(/用户名|Username/).fill('admin');
    await dashboard.getByLabel(/密码|Password/).fill(ADMIN_PASSWORD);
    await dashboard.getByTestId('login-form').locator('button[type=submit]').click();
    await dashboard.getByTestId('tab-devices').click();
    const row = dashboard
      .getByTestId('device-row')
      .filter({ hasText: /手机|Phone/ })
      .first();
    deviceId = (await row.getAttribute('data-device-id'))!;
    await row.getByTestId('device-sign-in-qr').click();
    await row.getByRole('button', { name: /发放新令牌|Issue a new token/ }).click();
    const dialog = dashboard.getByTestId('sign-in-qr');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-link')).toMatch(
      new RegExp(`^${server.url}/officer#token=fcc_d_[A-Za-z0-9_-]+$`),
    );
    await dashboard.screenshot({ path: path.join(screenshotDir, 'officer-admin-sign-in-qr.png') });
    qrImage = await dialog.locator('svg').screenshot();
    await dialog.getByRole('button').click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('signs the phone in from a photo of that code', async () => {
    await phone.goto(`${server.url}/officer`);
    await phone.getByRole('button', { name: /扫描登录二维码|Scan the sign-in QR code/ }).click();
    await phone
      .getByTestId('qr-photo-input')
      .setInputFiles({ name: 'sign-in.png', mimeType: 'image/png', buffer: qrImage });
    await phone.getByTestId('officer-app').waitFor({ timeout: 10_000 });
    const self = await phone.evaluate(
      () =>
        JSON.parse(localStorage.getItem('fcc.officer.session')!) as {
          state: { self: { device: { id: string } } };
        },
    );
    expect(self.state.self.device.id).toBe(deviceId);
  });

  it('says so when the token has been revoked', async () => {
    const { token: admin } = (await (
      await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      })
    ).json()) as { token: string };
    const revoked = await fetch(`${server.url}/api/devices/${deviceId}/token`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(revoked.status).toBe(204);
    await phone.reload();
    await expect
      .poll(async () => (await phone.getByTestId('signin-error').allTextContents()).join(' '), {
        timeout: 10_000,
      })
      .toMatch(/设备令牌已被吊销或更换|token has been revoked or replaced/);
    await phone.screenshot({ path: path.join(screenshotDir, 'officer-revoked.png') });

    // The QR code's link opened by the phone's own camera app signs in too, and leaves no token
    // in the address bar.
    const issued = await fetch(`${server.url}/api/devices/${deviceId}/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    const { token } = (await issued.json()) as { token: string };
    await phone.goto(`${server.url}/officer#token=${token}`);
    await phone.getByTestId('officer-app').waitFor({ timeout: 10_000 });
    expect(phone.url()).toBe(`${server.url}/officer`);
    expect(pageErrors).toEqual([]);
  });
});
