// An operator's first minute: sign in, see the town's grid on the map, switch language.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, launchChromium, screenshotDir, startSeededServer } from './helpers';

describe('dashboard: sign in and the map', () => {
  let server: Awaited<ReturnType<typeof startSeededServer>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startSeededServer();
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    fs.mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('refuses a wrong password with the server’s message', async () => {
    await page.goto(server.url);
    await page.getByLabel(/用户名|Username/).fill('admin');
    await page.getByLabel(/密码|Password/).fill('wrong password');
    await page.getByTestId('login-form').locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await page.screenshot({ path: path.join(screenshotDir, 'login-error.png') });
  });

  it('signs in and shows the 27 grid cells of the demo town on the map', async () => {
    await page.getByLabel(/密码|Password/).fill(ADMIN_PASSWORD);
    await page.getByTestId('login-form').locator('button[type=submit]').click();
    await page.locator('[data-testid=map][data-grid-cells-loaded="27"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain('Administrator');
    // Let the tiles settle before the picture.
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-map.png') });
    const canvas = await page.locator('[data-testid=map] canvas').boundingBox();
    expect(canvas!.width).toBeGreaterThan(800);
  });

  it('switches between Chinese and English, and keeps the choice after a reload', async () => {
    // The browser's locale is zh-CN, so the dashboard starts in Chinese.
    const signOut = page.getByTestId('sign-out');
    expect(await signOut.textContent()).toMatch(/退出/);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => signOut.textContent()).toMatch(/Sign out/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const after = await signOut.textContent();
    await page.reload();
    await page.locator('[data-testid=map][data-grid-cells-loaded="27"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sign-out').textContent()).toBe(after);
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-map-switched-language.png') });
  });

  it('signs out back to the login screen', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-form').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
