// An administrator's day in the back office: adds an officer and a device (its token shown once,
// then revoked), generates a grid area, is told which feature of a bad grid file is wrong, and
// reads the statistics of the tasks made meanwhile, downloading a CSV whose rows are the API's.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TaskStatistics } from '@fcc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  callApi,
  signInAsAdmin,
  launchChromium,
  screenshotDir,
  startSeededServer,
} from './helpers';

/** Today as a day in the bureau's time zone (UTC+8), which is how the statistics count days. */
const bureauToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('dashboard: administration and statistics', () => {
  let server: Awaited<ReturnType<typeof startSeededServer>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let admin: string;
  const pageErrors: string[] = [];

  const api = <T>(method: string, url: string, token: string, body?: unknown) =>
    callApi<T>(server.url, method, url, token, body);
  const shot = (name: string) =>
    page.screenshot({ path: path.join(screenshotDir, `admin-statistics-${name}.png`) });

  beforeAll(async () => {
    server = await startSeededServer();
    admin = await adminToken(server.url);
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    fs.mkdirSync(screenshotDir, { recursive: true });
    await signInAsAdmin(page, server.url);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('creates an officer', async () => {
    await page.getByTestId('screen-admin').click();
    await page.getByTestId('admin-screen').waitFor();
    const form = page.getByTestId('officer-create');
    await form.getByLabel('执法证号').fill('E2E-001');
    await form.getByLabel('姓名').fill('测试队员');
    await form.getByLabel('片区').selectOption({ index: 1 });
    await form.locator('button[type=submit]').click();
    await page.locator('[data-testid=officer-row][data-badge="E2E-001"]').waitFor({ timeout: 15_000 });
    const officers = await api<Array<{ badgeNo: string; name: string; areaId: string | null }>>(
      'GET',
      '/api/officers',
      admin,
    );
    expect(officers.find((officer) => officer.badgeNo === 'E2E-001')).toMatchObject({ name: '测试队员' });
    expect(officers.find((officer) => officer.badgeNo === 'E2E-001')!.areaId).not.toBeNull();
    await shot('officers');
  });

  it('registers a device, shows its token once, and revokes it', async () => {
    await page.getByTestId('admin-tab-devices').click();
    const form = page.getByTestId('device-create');
    await form.getByLabel('名称').fill('测试执法记录仪');
    await form.getByLabel('设备编号').fill('E2E-BC-1');
    await form.getByLabel('执法人员').selectOption({ label: '测试队员 · E2E-001' });
    await form.locator('button[type=submit]').click();
    const row = page.locator('[data-testid=admin-device-row][data-unique-id="E2E-BC-1"]');
    await row.waitFor({ timeout: 15_000 });
    await expect(row.getByTestId('device-token-state').textContent()).resolves.toMatch(/无|no/i);

    await row.getByTestId('device-issue').click();
    await row.getByTestId('device-confirm').click();
    const dialog = page.getByTestId('device-token-dialog');
    await dialog.waitFor();
    const token = (await dialog.getByTestId('device-token').textContent())!.trim();
    expect(token.length).toBeGreaterThan(20);
    await dialog.locator('canvas, svg').first().waitFor();
    await shot('device-token');
    const self = await api<{ device: { uniqueId: string }; officer: { name: string } }>(
      'GET',
      '/api/device/self',
      token,
    );
    expect(self).toMatchObject({ device: { uniqueId: 'E2E-BC-1' }, officer: { name: '测试队员' } });

    await dialog.getByTestId('device-token-done').click();
    await dialog.waitFor({ state: 'detached' });
    // Shown once: nowhere on the page any more.
    expect(await page.content()).not.toContain(token);
    await expect(row.getByTestId('device-token-state').textContent()).resolves.toMatch(/已|has/i);

    await row.getByTestId('device-revoke').click();
    await row.getByTestId('device-confirm').click();
    await page.getByTestId('admin-done').waitFor();
    const refused = await fetch(`${server.url}/api/device/self`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(401);
    await shot('devices');
  });

  it('generates a grid area, and names the feature at fault in a bad grid file', async () => {
    await page.getByTestId('admin-tab-grids').click();
    const form = page.getByTestId('grid-generate');
    await form.getByLabel('生成到新片区').check();
    await form.getByLabel('编码').fill('E2E');
    await form.getByLabel('名称').fill('测试片区');
    await form.getByLabel('西（经度）').fill('111.75');
    await form.getByLabel('南（纬度）').fill('40.90');
    await form.getByLabel('东（经度）').fill('111.76');
    await form.getByLabel('北（纬度）').fill('40.91');
    await form.getByLabel('行数').fill('2');
    await form.getByLabel('列数').fill('3');
    await form.locator('button[type=submit]').click();
    await page.getByTestId('admin-done').filter({ hasText: '6' }).waitFor({ timeout: 15_000 });
    const area = page.locator('[data-testid=grid-area-row][data-code="E2E"]');
    await area.waitFor({ timeout: 15_000 });
    await expect(area.getByTestId('grid-area-cells').textContent()).resolves.toBe('6');
    await shot('grids');

    const square = (west: number) => [
      [
        [west, 40.95],
        [west + 0.005, 40.95],
        [west + 0.005, 40.955],
        [west, 40.955],
        [west, 40.95],
      ],
    ];
    const bowtie = [
      [
        [111.81, 40.95],
        [111.815, 40.955],
        [111.815, 40.95],
        [111.81, 40.955],
        [111.81, 40.95],
      ],
    ];
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: square(111.8) },
          properties: { areaCode: 'BAD', areaName: '坏文件', code: 'BAD-1', name: '1' },
        },
        {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: bowtie },
          properties: { areaCode: 'BAD', code: 'BAD-2', name: '2' },
        },
      ],
    };
    await page.getByTestId('grid-import').setInputFiles({
      name: 'bad-grid.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    const error = page.getByTestId('admin-error');
    await error.waitFor({ timeout: 15_000 });
    await expect(error.textContent()).resolves.toMatch(/Feature 1 \(BAD-2\)/);
    await shot('grid-import-error');
    const areas = await api<{ features: Array<{ properties: { code: string } }> }>(
      'GET',
      '/api/grids/areas',
      admin,
    );
    expect(areas.features.map((feature) => feature.properties.code)).not.toContain('BAD');
  });

  it("charts the day's tasks and downloads a CSV whose rows match the API", async () => {
    const config = await api<{ mapCentre: [number, number] }>('GET', '/api/config', admin);
    const [lon, lat] = config.mapCentre;
    const today = bureauToday();
    const range = `from=${today}T00:00:00%2B08:00&to=${today}T23:59:59.999%2B08:00`;
    const before = await api<TaskStatistics>('GET', `/api/statistics/tasks?${range}`, admin);
    const created: string[] = [];
    for (const [index, category] of ['street-vending', 'noise', 'noise'].entries()) {
      const task = await api<{ id: string }>('POST', '/api/tasks', admin, {
        category,
        priority: 'normal',
        description: `e2e ${index}`,
        location: { lat: lat + index * 0.001, lon },
      });
      created.push(task.id);
    }
    await api('POST', `/api/tasks/${created[2]}/cancel`, admin, { reason: 'e2e duplicate' });

    await page.getByTestId('screen-statistics').click();
    await page.getByTestId('statistics-screen').waitFor();
    const expected = before.perDay.at(-1)!.tasks + 3;
    const todayBar = page.locator(
      `[data-testid=chart-per-day] [data-testid=chart-bar][data-label="${today.slice(5)}"]`,
    );
    await todayBar.waitFor({ timeout: 20_000 });
    await expect(todayBar.getAttribute('data-value')).resolves.toBe(String(expected));
    await page.getByTestId('statistics-totals').filter({ hasText: '1' }).waitFor();

    // The screen shows the last 7 days; the API's answer for the same range is what the chart drew.
    const week = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const stats = await api<TaskStatistics>(
      'GET',
      `/api/statistics/tasks?from=${week}T00:00:00%2B08:00&to=${tomorrow}T00:00:00%2B08:00`,
      admin,
    );
    expect(stats.perDay).toHaveLength(7);
    expect(stats.perDay.at(-1)!.tasks).toBe(expected);
    expect(stats.totals.cancelled).toBeGreaterThanOrEqual(1);
    const bars = await page
      .locator('[data-testid=chart-per-day] [data-testid=chart-bar]')
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-value'))));
    expect(bars).toEqual(stats.perDay.map((day) => day.tasks));
    const areaBars = await page
      .locator('[data-testid=chart-per-area] [role=listitem]')
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-value'))));
    expect(areaBars).toEqual(stats.perArea.map((row) => row.tasks));
    await page.getByTestId('histogram-toClose').waitFor();
    await page.getByTestId('officer-table').waitFor();
    await shot('statistics');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('csv-per-day').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`tasks-per-day-${week}_${today}.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('日期 day,任务数 tasks,已办结 closed,超时 SLA breaches');
    expect(lines.slice(1)).toEqual(
      stats.perDay.map((d) => `${d.day},${d.tasks},${d.closed},${d.slaBreaches}`),
    );

    await page.locator('body').evaluate(() => document.querySelector('.screen')?.scrollTo(0, 10_000));
    await shot('statistics-officers');
    expect(pageErrors).toEqual([]);
  });
});
