// An administrator draws a grid cell on the Grids screen's map and edits one by its handles; the
// server keeps exactly the shapes drawn, refuses an overlapping one in words shown beside the map,
// and an operator never sees the tools.
import fs from 'node:fs';
import path from 'node:path';
import type { GridCellCollection, GridCellFeature } from '@fcc/shared';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  callApi,
  launchChromium,
  screenshotDir,
  signInAsAdmin,
  startSeededServer,
} from './helpers';

type LonLat = [number, number];
type Point = { x: number; y: number };

/** About a metre at the zoom used here: a click lands within half a pixel (~2.4 m) of its target. */
const DEGREES_NEAR = 4e-5;

describe('dashboard: drawing and editing grid cells', () => {
  let server: Awaited<ReturnType<typeof startSeededServer>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let admin: string;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  const api = <T>(method: string, url: string, token: string, body?: unknown) =>
    callApi<T>(server.url, method, url, token, body);
  const cells = async () => (await api<GridCellCollection>('GET', '/api/grids/cells', admin)).features;
  const shot = (name: string) =>
    page.screenshot({ path: path.join(screenshotDir, `grid-editing-${name}.png`) });
  const panel = () => page.getByTestId('grid-editor-panel');
  const mapSelector = '[data-testid=grid-editor-map]';

  /** Where a place is on the page, through the editor's map itself. */
  const toScreen = (lonLat: LonLat) =>
    page.locator(mapSelector).evaluate((element, position) => {
      const map = (element as unknown as { fccMap: MapLibreMap }).fccMap;
      const point = map.project(position);
      const box = element.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    }, lonLat);
  const toLonLat = ({ x, y }: Point) =>
    page.locator(mapSelector).evaluate(
      (element, at) => {
        const map = (element as unknown as { fccMap: MapLibreMap }).fccMap;
        const box = element.getBoundingClientRect();
        const { lng, lat } = map.unproject([at.x - box.left, at.y - box.top]);
        return [lng, lat] as LonLat;
      },
      { x, y },
    );
  const lookAt = (centre: LonLat, zoom: number) =>
    page.locator(mapSelector).evaluate(
      (element, view) => {
        const map = (element as unknown as { fccMap: MapLibreMap }).fccMap;
        const drawn = new Promise((resolve) => map.once('idle', resolve));
        map.jumpTo(view);
        return drawn;
      },
      { center: centre, zoom },
    );
  const drag = async (from: Point, to: Point) => {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
  };
  /** The editor's map has the grid as reloaded after a change (clicks find the new cells). */
  const gridShown = (count: number) =>
    page.locator(`${mapSelector}[data-grid-cells-loaded="${count}"]`).waitFor({ timeout: 15_000 });
  const expectMode = (mode: string, vertices?: number) =>
    expect
      .poll(async () => [
        await panel().getAttribute('data-mode'),
        await panel().getAttribute('data-vertices'),
      ])
      .toEqual([mode, vertices === undefined ? expect.any(String) : String(vertices)]);

  /** The outer ring of a stored cell without its closing corner. */
  const cornersOf = (cell: GridCellFeature) => cell.geometry.coordinates[0]!.slice(0, -1) as LonLat[];
  /** The mean of a convex cell's corners, which lies inside it. */
  const middleOf = (corners: LonLat[]): LonLat => [
    corners.reduce((sum, [lon]) => sum + lon, 0) / corners.length,
    corners.reduce((sum, [, lat]) => sum + lat, 0) / corners.length,
  ];
  const expectCorners = (actual: LonLat[], expected: LonLat[]) => {
    expect(actual).toHaveLength(expected.length);
    actual.forEach(([lon, lat], index) => {
      expect(Math.abs(lon - expected[index]![0]), `lon of corner ${index}`).toBeLessThan(DEGREES_NEAR);
      expect(Math.abs(lat - expected[index]![1]), `lat of corner ${index}`).toBeLessThan(DEGREES_NEAR);
    });
  };

  /** A square of the given size east of the whole demo grid, free of any cell. */
  let free: { west: number; south: number; size: number };
  let drawnCode: string;

  beforeAll(async () => {
    server = await startSeededServer();
    admin = await adminToken(server.url);
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    fs.mkdirSync(screenshotDir, { recursive: true });
    await signInAsAdmin(page, server.url);
    await page.getByTestId('screen-admin').click();
    await page.getByTestId('admin-tab-grids').click();
    await page.locator(`${mapSelector}[data-grid-cells-loaded="27"]`).waitFor({ timeout: 30_000 });

    const all = await cells();
    const east = Math.max(...all.flatMap((cell) => cell.geometry.coordinates[0]!.map(([lon]) => lon!)));
    const south = Math.min(...all.flatMap((cell) => cell.geometry.coordinates[0]!.map(([, lat]) => lat!)));
    free = { west: east + 0.002, south: south + 0.002, size: 0.004 };
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('draws a cell corner by corner, takes one back, closes it with a double-click, and saves it as drawn', async () => {
    const { west, south, size } = free;
    const corners: LonLat[] = [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
    ];
    await lookAt([west + size / 2, south + size / 2], 15);
    await shot('idle');

    await page.getByTestId('grid-editor-draw').click();
    await expectMode('drawing', 0);
    for (const corner of corners.slice(0, 2)) {
      const at = await toScreen(corner);
      await page.mouse.click(at.x, at.y);
    }
    const stray = await toScreen([west + size * 1.4, south + size * 0.3]);
    await page.mouse.click(stray.x, stray.y);
    await expectMode('drawing', 3);
    await page.keyboard.press('Backspace'); // the stray corner
    await expectMode('drawing', 2);
    const third = await toScreen(corners[2]!);
    await page.mouse.click(third.x, third.y);
    const fourth = await toScreen(corners[3]!);
    await page.mouse.move(fourth.x, fourth.y, { steps: 4 });
    await expectMode('drawing', 3);
    await expect(page.getByTestId('grid-editor-finish').isEnabled()).resolves.toBe(true);
    await shot('drawing');

    await page.mouse.dblclick(fourth.x, fourth.y);
    await expectMode('shape', 4);
    drawnCode = await page.getByTestId('grid-editor-code').inputValue();
    expect(drawnCode).toMatch(/^[A-Za-z0-9]+-\d+$/); // suggested: the next number of the area
    await page.getByTestId('grid-editor-name').fill('绘制的网格');
    await shot('drawn-form');
    await page.getByTestId('grid-editor-save').click();

    await page.getByTestId('grid-editor-done').filter({ hasText: drawnCode }).waitFor();
    await expectMode('idle');
    const saved = (await cells()).find((cell) => cell.properties.code === drawnCode);
    expect(saved?.properties.name).toBe('绘制的网格');
    expectCorners(cornersOf(saved!), corners);
    await gridShown(28);
  });

  it('edits a cell: drags a corner, adds one at a midpoint, removes one, and the server has the new shape', async () => {
    const before = (await cells()).find((cell) => cell.properties.code === drawnCode)!;
    const [a, b, c, d] = cornersOf(before) as [LonLat, LonLat, LonLat, LonLat];
    const centre = await toScreen([(a[0] + c[0]) / 2, (a[1] + c[1]) / 2]);
    await page.mouse.click(centre.x, centre.y);
    await expectMode('shape', 4);
    await expect(panel().getByRole('heading').textContent()).resolves.toContain(drawnCode);

    // The north-east corner, 40 px further north-east.
    const cAt = await toScreen(c);
    const cTo = { x: cAt.x + 40, y: cAt.y - 40 };
    await drag(cAt, cTo);
    await expectMode('shape', 4);
    // The middle of the south side, 30 px further south: a fifth corner.
    const abAt = await toScreen([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
    const abTo = { x: abAt.x, y: abAt.y + 30 };
    await drag(abAt, abTo);
    await expectMode('shape', 5);
    await shot('editing');

    // Unsaved changes are not dropped by clicking another cell: the browser asks, and "no" keeps them.
    const other = (await cells()).find((cell) => cell.properties.code !== drawnCode)!;
    await lookAt(cornersOf(other)[0]!, 14);
    const inside = await toScreen(middleOf(cornersOf(other)));
    await page.mouse.click(inside.x, inside.y);
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toMatch(/未保存/);
    await expectMode('shape', 5);
    await expect(panel().getByRole('heading').textContent()).resolves.toContain(drawnCode);

    // Back to the cell; the north-west corner goes with an Alt-click.
    await lookAt([(a[0] + c[0]) / 2, (a[1] + c[1]) / 2], 15);
    const dAt = await toScreen(d);
    await page.keyboard.down('Alt');
    await page.mouse.click(dAt.x, dAt.y);
    await page.keyboard.up('Alt');
    await expectMode('shape', 4);

    const expected = [
      a,
      await lonLatAfterDrag(abTo, abAt, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]),
      b,
      await lonLatAfterDrag(cTo, cAt, c),
    ];
    await page.getByTestId('grid-editor-save').click();
    await page.getByTestId('grid-editor-done').filter({ hasText: drawnCode }).waitFor();
    const after = (await cells()).find((cell) => cell.properties.code === drawnCode)!;
    expectCorners(cornersOf(after), expected);
    await gridShown(28);
  });

  /**
   * Where a handle dragged from `from` (where `origin` lay) to `to` was dropped: the view has moved
   * since, but not its zoom, so the offset in pixels from `origin` still gives the place.
   */
  async function lonLatAfterDrag(to: Point, from: Point, origin: LonLat): Promise<LonLat> {
    const now = await toScreen(origin);
    return toLonLat({ x: now.x + (to.x - from.x), y: now.y + (to.y - from.y) });
  }

  it('restores a cell whose changes are cancelled', async () => {
    const cell = (await cells()).find((candidate) => candidate.properties.code === drawnCode)!;
    const corners = cornersOf(cell);
    const [a] = corners as [LonLat];
    const inside = await toScreen(middleOf(corners));
    await page.mouse.click(inside.x, inside.y);
    await expectMode('shape', 4);
    const aAt = await toScreen(a);
    await drag(aAt, { x: aAt.x - 50, y: aAt.y + 20 });
    await expect(page.getByTestId('grid-editor-save').isEnabled()).resolves.toBe(true);
    // The same form in English, for the look of its longer words.
    await page.getByRole('button', { name: 'English' }).click();
    await panel().getByText('Drag a corner to move it', { exact: false }).waitFor();
    await shot('editing-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByTestId('grid-editor-cancel').click();
    await expectMode('idle');

    await page.mouse.click(inside.x, inside.y);
    await expectMode('shape', 4);
    // Selected again as it is stored: nothing to save.
    await expect(page.getByTestId('grid-editor-save').isDisabled()).resolves.toBe(true);
    expect((await cells()).find((candidate) => candidate.properties.code === drawnCode)).toEqual(cell);
    await page.getByTestId('grid-editor-cancel').click();
    await expectMode('idle');
  });

  it('keeps a drawing across tabs, closes it on its first corner, removes a corner by right-click, and Esc abandons', async () => {
    const { west, size } = free;
    const south = free.south + size * 1.5; // north of the drawn cell
    const corners: LonLat[] = [
      [west, south],
      [west + size, south],
      [west + size, south + size / 2],
      [west, south + size / 2],
    ];
    await lookAt([west + size / 2, south + size / 4], 15);
    const unloadRefused = () =>
      page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })));

    await page.getByTestId('grid-editor-draw').click();
    for (const corner of corners.slice(0, 2)) {
      const at = await toScreen(corner);
      await page.mouse.click(at.x, at.y);
    }
    await expectMode('drawing', 2);
    await expect(unloadRefused()).resolves.toBe(true); // the browser asks before a reload
    await page.getByTestId('admin-tab-officers').click();
    await page.getByTestId('admin-tab-grids').click();
    await gridShown(28);
    await expectMode('drawing', 2);
    await lookAt([west + size / 2, south + size / 4], 15);

    for (const corner of corners.slice(2)) {
      const at = await toScreen(corner);
      await page.mouse.click(at.x, at.y);
    }
    const first = await toScreen(corners[0]!);
    await page.mouse.click(first.x, first.y);
    await expectMode('shape', 4);

    const third = await toScreen(corners[2]!);
    await page.mouse.click(third.x, third.y, { button: 'right' });
    await expectMode('shape', 3);
    await page.keyboard.press('Control+z');
    await expectMode('shape', 4);
    await page.getByTestId('grid-editor-cancel').click();
    await expectMode('idle');
    await expect(unloadRefused()).resolves.toBe(false);

    await page.getByTestId('grid-editor-draw').click();
    await page.mouse.click(first.x, first.y);
    await expectMode('drawing', 1);
    await page.keyboard.press('Escape');
    await expectMode('idle', 0);
    expect(dialogs).toHaveLength(1); // only the one asked in the editing test
  });

  it('re-codes a cell and moves it to another area, then deletes it after asking', async () => {
    const cell = (await cells()).find((candidate) => candidate.properties.code === drawnCode)!;
    await lookAt(middleOf(cornersOf(cell)), 15);
    const inside = await toScreen(middleOf(cornersOf(cell)));
    await page.mouse.click(inside.x, inside.y);
    await expectMode('shape', 4);
    const area = page.getByTestId('grid-editor-area');
    const otherArea = await area
      .locator('option')
      .evaluateAll(
        (options, current) =>
          options.map((option) => (option as HTMLOptionElement).value).find((value) => value !== current)!,
        cell.properties.areaId,
      );
    await area.selectOption(otherArea);
    await page.getByTestId('grid-editor-code').fill('E2E-MOVED');
    await page.getByTestId('grid-editor-save').click();
    await page.getByTestId('grid-editor-done').filter({ hasText: 'E2E-MOVED' }).waitFor();
    const moved = (await cells()).find((candidate) => candidate.properties.id === cell.properties.id)!;
    expect(moved.properties).toMatchObject({ code: 'E2E-MOVED', name: '绘制的网格', areaId: otherArea });
    expect(moved.geometry).toEqual(cell.geometry);
    await gridShown(28);

    await page.mouse.click(inside.x, inside.y);
    await expectMode('shape', 4);
    await page.getByTestId('grid-editor-delete').click();
    await panel().getByText('确定永久删除网格 E2E-MOVED？').waitFor(); // asked once more
    await page.getByTestId('grid-editor-delete-confirm').click();
    await page.getByTestId('grid-editor-done').filter({ hasText: 'E2E-MOVED' }).waitFor();
    expect((await cells()).some((candidate) => candidate.properties.id === cell.properties.id)).toBe(false);
    await gridShown(27);
  });

  it('shows the server’s words for a drawing over another cell, saves nothing, and keeps the drawing', async () => {
    const before = await cells();
    const seeded = before.filter((cell) => cell.properties.code !== drawnCode);
    const southWest = (cell: GridCellFeature) => {
      const ring = cornersOf(cell);
      return [Math.min(...ring.map(([lon]) => lon)), Math.min(...ring.map(([, lat]) => lat))] as LonLat;
    };
    const [west, south] = seeded
      .map(southWest)
      .reduce((best, corner) => (corner[0] + corner[1] < best[0] + best[1] ? corner : best));
    // A triangle reaching into the grid's south-west corner cell.
    const corners: LonLat[] = [
      [west - 0.002, south - 0.002],
      [west + 0.001, south - 0.002],
      [west + 0.001, south + 0.001],
    ];
    await lookAt([west, south], 15);
    await page.getByTestId('grid-editor-draw').click();
    for (const corner of corners) {
      const at = await toScreen(corner);
      await page.mouse.click(at.x, at.y);
    }
    await page.getByTestId('grid-editor-finish').click();
    await expectMode('shape', 3);
    const code = await page.getByTestId('grid-editor-code').inputValue();
    await page.getByTestId('grid-editor-save').click();

    const error = page.getByTestId('grid-editor-error');
    await error.waitFor();
    const message = (await error.textContent()) ?? '';
    const overlapped = /^Grid cell (\S+) would overlap existing cell (\S+) by [\d.]+ m²/.exec(message);
    expect(overlapped?.[1], message).toBe(code);
    expect(seeded.map((cell) => cell.properties.code)).toContain(overlapped?.[2]);
    await expectMode('shape', 3);
    await shot('overlap-refused');
    expect(await cells()).toEqual(before);

    await page.getByTestId('grid-editor-cancel').click();
    await expectMode('idle');
    expect(pageErrors).toEqual([]);
  });

  it('shows an operator no drawing tools', async () => {
    await api('POST', '/api/users', admin, {
      username: 'e2e-operator',
      displayName: '值班员',
      password: 'operator password',
      role: 'operator',
    });
    // A new tab has its own session (sessionStorage).
    const operatorPage = await chromium.context.newPage();
    await operatorPage.goto(server.url);
    await operatorPage.getByLabel(/用户名|Username/).fill('e2e-operator');
    await operatorPage.getByLabel(/密码|Password/).fill('operator password');
    await operatorPage.getByTestId('login-form').locator('button[type=submit]').click();
    await operatorPage.locator('[data-testid=map][data-grid-cells-loaded="27"]').waitFor({ timeout: 30_000 });

    expect(await operatorPage.getByTestId('screen-admin').count()).toBe(0);
    await operatorPage.goto(`${server.url}/#admin`);
    await operatorPage.locator('[data-testid=map][data-grid-cells-loaded="27"]').waitFor({ timeout: 30_000 });
    for (const testId of ['admin-screen', 'grid-editor', 'grid-editor-map', 'grid-editor-draw']) {
      expect(await operatorPage.getByTestId(testId).count(), testId).toBe(0);
    }
    await operatorPage.screenshot({ path: path.join(screenshotDir, 'grid-editing-operator.png') });
    await operatorPage.close();
  });
});
