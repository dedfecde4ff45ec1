// Browser tests: the real server (seeded demo town, built dashboard) on an ephemeral
// port, and Debian's Chromium driven by playwright-core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildApp, type App } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { seedOnFirstStart } from '../server/src/seed/seed-demo-town';
import { createTestDatabase } from '../server/test/helpers/test-database';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const screenshotDir = path.join(repoRoot, 'test-results');
export const ADMIN_PASSWORD = 'e2e admin password';

export async function startSeededServer(): Promise<{ app: App; url: string; close(): Promise<void> }> {
  const dashboardDir = path.join(repoRoot, 'dashboard/dist');
  if (!fs.existsSync(path.join(dashboardDir, 'index.html'))) {
    throw new Error('dashboard/dist is missing: run `npm run build` (npm test does it first).');
  }
  const database = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    DASHBOARD_DIR: dashboardDir,
    ADMIN_PASSWORD,
    PORT: '0',
    // Browser tests do not push RTMP; a fixed port would collide with other runs on the machine.
    RTMP_PORT: 'off',
  });
  const log = pino({ level: 'silent' });
  const app = await buildApp({ config, database, log });
  await seedOnFirstStart(database.db, app.services, config, log);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** A phone held upright (an iPhone 12–15 sized screen), for the officer app. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const;

type ScreenOptions = Partial<{
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  isMobile: boolean;
  hasTouch: boolean;
}>;

/** Chromium's own test camera (a moving pattern) and microphone (a beep), allowed without a prompt. */
export const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

export async function launchChromium(
  screen: ScreenOptions = {},
  /** More Chromium switches, e.g. a fake camera and microphone. */
  extraArgs: string[] = [],
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1600, height: 900 },
    locale: 'zh-CN',
    ...screen,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // MapLibre needs WebGL; with no GPU Chromium draws it in software.
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      ...extraArgs,
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

/** Calls the server's API with a bearer token; throws with the status and body on anything but 2xx. */
export async function callApi<T>(
  serverUrl: string,
  method: string,
  url: string,
  token: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(serverUrl + url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The seeded administrator's session token. */
export async function adminToken(serverUrl: string): Promise<string> {
  const login = await fetch(`${serverUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  return ((await login.json()) as { token: string }).token;
}

/** Signs the administrator in on the page and waits for the demo town's 27 grid cells on the map. */
export async function signInAsAdmin(page: Page, serverUrl: string): Promise<void> {
  await page.goto(serverUrl);
  await page.getByLabel(/用户名|Username/).fill('admin');
  await page.getByLabel(/密码|Password/).fill(ADMIN_PASSWORD);
  await page.getByTestId('login-form').locator('button[type=submit]').click();
  await page.locator('[data-testid=map][data-grid-cells-loaded="27"]').waitFor({ timeout: 30_000 });
}
