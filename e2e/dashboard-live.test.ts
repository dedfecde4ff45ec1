// An operator's shift in miniature: officers' positions appear on the map, an SOS takes over the
// screen until acknowledged, and a task made from a map click is dispatched, shows on the board,
// and its timeline moves when the officer acknowledges from the device.
import fs from 'node:fs';
import path from 'node:path';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  callApi,
  signInAsAdmin,
  launchChromium,
  screenshotDir,
  startSeededServer,
} from './helpers';

interface Field {
  officerId: string;
  name: string;
  token: string;
  lat: number;
  lon: number;
}

describe('dashboard: live map, SOS and dispatch', () => {
  let server: Awaited<ReturnType<typeof startSeededServer>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let admin: string;
  const field: Field[] = [];
  const pageErrors: string[] = [];

  const api = <T>(method: string, url: string, token: string, body?: unknown) =>
    callApi<T>(server.url, method, url, token, body);
  const sendFix = (officer: Field, heading = 45) =>
    api('POST', '/api/device/positions', officer.token, {
      fixes: [
        { fixTime: new Date().toISOString(), lat: officer.lat, lon: officer.lon, heading, battery: 64 },
      ],
    });
  /** Where a point is on screen, asked of the map itself. */
  const screenPoint = async (lon: number, lat: number) => {
    const box = (await page.getByTestId('map').boundingBox())!;
    const point = await page.evaluate(
      ([x, y]) =>
        (document.querySelector('[data-testid=map]') as unknown as { fccMap: MapLibreMap }).fccMap.project([
          x,
          y,
        ]),
      [lon, lat] as const,
    );
    return { x: box.x + point.x, y: box.y + point.y };
  };
  const renderedOfficers = () =>
    page.evaluate(() => {
      const map = (document.querySelector('[data-testid=map]') as unknown as { fccMap: MapLibreMap }).fccMap;
      return map
        .queryRenderedFeatures({ layers: ['officers-dots'] })
        .map((feature) => feature.properties.id as string);
    });

  beforeAll(async () => {
    server = await startSeededServer();
    admin = await adminToken(server.url);
    const config = (await (await fetch(`${server.url}/api/config`)).json()) as {
      mapCentre: [number, number];
    };
    const [centreLon, centreLat] = config.mapCentre;
    // Two officers of the demo town on duty, a few hundred metres apart near the centre.
    const devices = await api<Array<{ id: string; officerId: string | null }>>('GET', '/api/devices', admin);
    const officers = await api<Array<{ id: string; name: string }>>('GET', '/api/officers', admin);
    const now = Date.now();
    for (const [index, device] of devices
      .filter((d) => d.officerId)
      .slice(0, 2)
      .entries()) {
      const officerId = device.officerId!;
      const { token } = await api<{ token: string }>('POST', `/api/devices/${device.id}/token`, admin);
      await api('POST', `/api/officers/${officerId}/shifts`, admin, {
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      });
      await api('PATCH', `/api/officers/${officerId}`, admin, { status: 'available' });
      field.push({
        officerId,
        name: officers.find((officer) => officer.id === officerId)!.name,
        token,
        lat: centreLat + 0.002 * (index + 1),
        lon: centreLon - 0.003 * (index + 1),
      });
    }
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

  it('draws officers where their devices report them, and opens a card on click', async () => {
    for (const officer of field) await sendFix(officer);
    await page.locator('[data-testid=map][data-officers-on-map="2"]').waitFor({ timeout: 15_000 });
    // Beyond the clustering zoom both are drawn as their own dots.
    await page.evaluate(
      ([lon, lat]) =>
        (document.querySelector('[data-testid=map]') as unknown as { fccMap: MapLibreMap }).fccMap.jumpTo({
          center: [lon, lat],
          zoom: 15.5,
        }),
      [field[0]!.lon, field[0]!.lat] as const,
    );
    await expect
      .poll(async () => (await renderedOfficers()).sort(), { timeout: 10_000 })
      .toEqual(field.map((officer) => officer.officerId).sort());
    await expect.poll(() => page.locator('.legend-count[data-status=available]').textContent()).toBe('2');

    // A new fix moves the marker: the rendered dot follows it.
    field[0]!.lat += 0.0005;
    await sendFix(field[0]!, 0);
    const target = await screenPoint(field[0]!.lon, field[0]!.lat);
    await expect
      .poll(
        () =>
          page.evaluate(
            ([x, y]) => {
              const map = (document.querySelector('[data-testid=map]') as unknown as { fccMap: MapLibreMap })
                .fccMap;
              const box = map.getContainer().getBoundingClientRect();
              return map
                .queryRenderedFeatures([x - box.left, y - box.top], { layers: ['officers-dots'] })
                .map((feature) => feature.properties.id as string);
            },
            [target.x, target.y] as const,
          ),
        { timeout: 10_000 },
      )
      .toContain(field[0]!.officerId);

    await page.mouse.click(target.x, target.y);
    const card = page.getByTestId('officer-card');
    await card.waitFor();
    expect(await card.textContent()).toContain(field[0]!.name);
    expect(await card.getAttribute('data-status')).toBe('available');
    expect(await card.textContent()).toMatch(/64%/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-officers.png') });

    // The officers layer can be hidden and shown again; the grid cells' codes go with the cells.
    await page.getByTestId('layer-officers').uncheck();
    await expect.poll(renderedOfficers, { timeout: 10_000 }).toEqual([]);
    expect(await page.locator('.grid-cell-label').first().isVisible()).toBe(true);
    await page.getByTestId('layer-cells').uncheck();
    await expect.poll(() => page.locator('.grid-cell-label').first().isVisible()).toBe(false);
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-layers-hidden.png') });
    await page.getByTestId('layer-officers').check();
    await page.getByTestId('layer-cells').check();
    await expect.poll(async () => (await renderedOfficers()).length, { timeout: 10_000 }).toBe(2);
  });

  it('shows an SOS across the screen, with the alarm, until it is acknowledged', async () => {
    const sosOfficer = field[1]!;
    await api('POST', '/api/device/sos', sosOfficer.token, { note: 'e2e: help needed' });
    const banner = page.getByTestId('sos-banner');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain(sosOfficer.name);
    // The alarm is on (playing, or waiting for a click if the browser blocks audio).
    expect(['playing', 'blocked']).toContain(await banner.getAttribute('data-sound'));
    // The officer is selected and drawn as SOS.
    await expect.poll(() => page.getByTestId('officer-card').getAttribute('data-status')).toBe('sos');
    await page.waitForTimeout(1200); // the camera flies to the officer
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-sos.png') });

    // It stays: a reload does not make it go away.
    await page.reload();
    await banner.waitFor({ timeout: 30_000 });

    await page.getByTestId('sos-acknowledge').click();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    const alerts = await api<Array<{ kind: string; officerId: string; acknowledgedAt: string | null }>>(
      'GET',
      '/api/alerts',
      admin,
    );
    const sos = alerts.find((alert) => alert.kind === 'sos' && alert.officerId === sosOfficer.officerId);
    expect(sos?.acknowledgedAt).not.toBeNull();
  });

  it('creates a task from a map click, dispatches it, and follows the officer’s acknowledgement live', async () => {
    const helper = field[0]!;
    await page.locator('[data-testid=map][data-grid-cells-loaded="27"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('tab-tasks').click();
    await page.getByTestId('new-task').click();
    // The task a little north of the first officer, inside the grid.
    const spot = await screenPoint(helper.lon, helper.lat + 0.0008);
    await page.mouse.click(spot.x, spot.y);
    await page.getByTestId('draft-pin').waitFor();
    const lat = Number(await page.getByTestId('task-lat').inputValue());
    expect(lat).toBeCloseTo(helper.lat + 0.0008, 3);
    await page.getByTestId('task-category').selectOption('street-vending');
    await page.getByTestId('task-description').fill('e2e: stalls blocking the pavement');
    await page.getByTestId('create-task').click();

    const detail = page.getByTestId('task-detail');
    await page.locator('[data-testid=task-detail][data-state=created]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('task-grid').textContent()).toMatch(/\d{9}-\d{3}/); // grid cell resolved
    const recommendation = page.getByTestId('recommendation').filter({ hasText: helper.name });
    await recommendation.waitFor({ timeout: 10_000 });
    expect(await recommendation.textContent()).toMatch(/\d+ m/);
    // Send exactly the first officer.
    for (const box of await page.getByTestId('recommendation').locator('input').all()) await box.uncheck();
    await recommendation.locator('input').check();
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-task-recommendations.png') });
    await page.getByTestId('dispatch').click();
    await page.locator('[data-testid=task-detail][data-state=dispatched]').waitFor({ timeout: 10_000 });
    expect(await detail.getByTestId('sla-countdown').textContent()).toMatch(/\d+:\d\d/);

    const code = (await page.getByTestId('task-code').textContent())!;
    const row = page.locator(`[data-testid=task-row][data-code="${code}"]`);
    await expect.poll(() => row.getAttribute('data-state')).toBe('dispatched');
    expect(await row.textContent()).toContain(helper.name);

    // The officer acknowledges from the device: board and timeline follow without a reload.
    const tasks = await api<Array<{ id: string; code: string }>>('GET', '/api/tasks?state=open', admin);
    const task = tasks.find((candidate) => candidate.code === code)!;
    await api('POST', `/api/device/tasks/${task.id}/acknowledge`, helper.token, {});
    await page.locator('[data-testid=task-detail][data-state=acknowledged]').waitFor({ timeout: 10_000 });
    await expect.poll(() => row.getAttribute('data-state')).toBe('acknowledged');
    await expect
      .poll(() =>
        page
          .locator('[data-testid=task-timeline] li')
          .evaluateAll((items) => items.map((item) => item.getAttribute('data-type'))),
      )
      .toEqual(['acknowledged', 'dispatched', 'created']);
    // The officer now shows as on task.
    await expect.poll(() => page.locator('.legend-count[data-status=onTask]').textContent()).toBe('1');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-task-acknowledged.png') });
    expect(pageErrors).toEqual([]);
  });
});
