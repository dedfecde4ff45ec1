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
  let dropTaskEvents = false;
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

  /** A tab of the phone's browser, its vibrations recorded and its socket passing through us. */
  const openPhonePage = async () => {
    const opened = await chromium.context.newPage();
    opened.on('pageerror', (error) => pageErrors.push(error.message));
    // The socket passes through here, so that a test can lose the server's task updates.
    await opened.routeWebSocket(/\/socket\.io\//, (socket) => {
      const upstream = socket.connectToServer();
      upstream.onMessage((message) => {
        if (dropTaskEvents && typeof message === 'string' && message.startsWith('42/device,["task",')) return;
        socket.send(message);
      });
    });
    await opened.addInitScript(() => {
      const record: unknown[] = [];
      (window as unknown as { vibrations: unknown[] }).vibrations = record;
      navigator.vibrate = (pattern) => {
        record.push(pattern);
        return true;
      };
    });
    return opened;
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
    page = await openPhonePage();
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

  it('keeps fixes on the phone while offline and delivers each exactly once when back', async () => {
    await page.locator('[data-testid=gps-indicator][data-buffered="0"]').waitFor({ timeout: 10_000 });
    const before = (await track()).fixCount;
    await chromium.context.setOffline(true);
    await page.locator('[data-testid=gps-indicator][data-state=offline]').waitFor({ timeout: 10_000 });
    // Walking north, about 4 m a step, a second apart (the phone keeps one fix a second at most).
    for (let step = 1; step <= 5; step++) {
      await page.waitForTimeout(1_100);
      await moveTo(home.latitude + step * 0.00004, home.longitude);
    }
    await page.locator('[data-testid=gps-indicator][data-buffered="5"]').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1_200); // the buffer is saved at most once a second
    const kept = await page.evaluate(
      (key) => JSON.parse(localStorage.getItem(key) ?? '[]') as Fix[],
      `fcc.officer.outbox.${device.id}`,
    );
    expect(kept).toHaveLength(5);
    expect((await track()).fixCount).toBe(before);
    await shot('offline-buffered');

    // The tab is closed in the dead zone and opened again, still without network: the app comes
    // from the phone's cache and the fixes from the phone's storage.
    await page.close();
    page = await openPhonePage();
    await page.goto(`${server.url}/officer`);
    await page.locator('[data-testid=gps-indicator][data-state=offline]').waitFor({ timeout: 10_000 });
    // The position the phone still has is a sixth fix, taken after the reopening.
    await page.locator('[data-testid=gps-indicator][data-buffered="6"]').waitFor({ timeout: 10_000 });
    // The task list the phone last heard is shown, marked as such.
    await page.getByTestId('tasks-offline').waitFor();
    expect(await page.getByTestId('task-card').count()).toBe(1);
    await shot('offline-reopened');

    await chromium.context.setOffline(false);
    await page.locator('[data-testid=gps-indicator][data-state=sharing][data-buffered="0"]').waitFor({
      timeout: 15_000,
    });
    const after = await track();
    expect(after.fixCount).toBe(before + 6);
    for (const fix of kept) {
      expect(after.times.filter((time) => time === Date.parse(fix.fixTime))).toHaveLength(1);
    }
  });

  it('announces a dispatched task and walks it to resolved with the big buttons, note and photo', async () => {
    const vibrationsBefore = await page.evaluate(
      () => (window as unknown as { vibrations: unknown[] }).vibrations.length,
    );
    const task = await api<Task>('POST', '/api/tasks', admin, {
      category: 'street-vending',
      priority: 'high',
      description: '占道经营 Vendor blocking the pavement',
      address: '新华大街 12 号',
      location: { lat: home.latitude + 0.0008, lon: home.longitude + 0.0005 },
    });
    await api('POST', `/api/tasks/${task.id}/dispatch`, admin, { officerIds: [officerId] });
    const card = page.locator(`[data-testid=task-card][data-task-id="${task.id}"]`);
    await card.waitFor({ timeout: 10_000 });
    await page.getByTestId('new-task-banner').waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length),
    ).toBeGreaterThan(vibrationsBefore);
    await shot('task-new');

    const serverState = async () => (await api<TaskDetail>('GET', `/api/tasks/${task.id}`, admin)).state;
    await card.getByTestId('step-acknowledge').click();
    await expect.poll(serverState).toBe('acknowledged');
    await card.getByTestId('step-en-route').click();
    await expect.poll(serverState).toBe('en_route');
    await card.getByTestId('step-arrive').click();
    await expect.poll(serverState).toBe('on_scene');

    await card.getByTestId('step-resolve').click();
    await page.getByLabel(/处置情况|What was done/).fill('摊贩已劝离 Vendor moved on');
    await page
      .getByTestId('resolve-photo-input')
      .setInputFiles(path.join(screenshotDir, 'officer-task-new.png'));
    await page.locator('.photo-thumb img').waitFor();
    await shot('resolve');
    await page.getByTestId('resolve-submit').click();
    await expect.poll(serverState).toBe('resolved');
    const detail = await api<TaskDetail>('GET', `/api/tasks/${task.id}`, admin);
    const resolved = detail.events.find((event) => event.type === 'resolved')!;
    expect(resolved.data.note).toBe('摊贩已劝离 Vendor moved on');
    const [photo] = resolved.data.photos as string[];
    const image = await fetch(server.url + photo, { headers: { authorization: `Bearer ${admin}` } });
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    await page.locator(`[data-testid=task-card][data-task-id="${task.id}"][data-state=resolved]`).waitFor();
  });

  it('says what happened when a step is refused because the task was reassigned meanwhile', async () => {
    const task = await api<Task>('POST', '/api/tasks', admin, {
      category: 'illegal-parking',
      priority: 'normal',
      description: '违停 Car on the crossing',
      location: { lat: home.latitude - 0.0006, lon: home.longitude },
    });
    await api('POST', `/api/tasks/${task.id}/dispatch`, admin, { officerIds: [officerId] });
    const card = page.locator(`[data-testid=task-card][data-task-id="${task.id}"]`);
    await card.waitFor({ timeout: 10_000 });

    // The update is lost on the way (a 4G hiccup): the phone still shows the task as theirs.
    dropTaskEvents = true;
    const officers = await api<Array<{ id: string }>>('GET', '/api/officers', admin);
    const colleague = officers.find((officer) => officer.id !== officerId)!;
    await api('POST', `/api/tasks/${task.id}/reassign`, admin, { officerIds: [colleague.id] });
    await page.waitForTimeout(500);
    dropTaskEvents = false;
    await card.getByTestId('step-acknowledge').click();
    await expect
      .poll(() => page.getByTestId('task-notice').textContent())
      .toMatch(/指挥中心已更改任务|changed at the command centre/);
    // Asked again, the server no longer lists it for this officer.
    await card.waitFor({ state: 'detached', timeout: 10_000 });
    // The explanation stays when the task has gone, naming it.
    expect(await page.getByTestId('task-notice').textContent()).toContain(task.code);
    await shot('task-reassigned');
    expect((await api<TaskDetail>('GET', `/api/tasks/${task.id}`, admin)).state).toBe('dispatched');
  });

  it('checks in by the photo of a QR label: too far first, then at the target', async () => {
    const svg = await (
      await fetch(`${server.url}/api/inspection-targets/${target.id}/label.svg`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    ).text();
    const printer = await chromium.context.newPage();
    await printer.setContent(
      `<img id="label" src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}">`,
    );
    const label = await printer.locator('#label').screenshot();
    await printer.close();
    const scanLabel = async () => {
      await page.getByTestId('check-in-button').click();
      await page
        .getByTestId('qr-photo-input')
        .setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: label });
    };

    await scanLabel();
    const refused = page.locator('[data-testid=check-in-result] [data-outcome="422"]');
    await refused.waitFor({ timeout: 10_000 });
    expect(await refused.textContent()).toMatch(/You are \d+ m from 县图书馆/);
    await shot('check-in-too-far');
    await page.getByTestId('check-in-result').getByRole('button').click();

    await moveTo(target.location.lat, target.location.lon);
    await page.waitForTimeout(1_200);
    await scanLabel();
    await page.locator('[data-testid=check-in-result] [data-outcome=ok]').waitFor({ timeout: 10_000 });
    const detail = await api<TaskDetail>('GET', `/api/tasks/${inspectionTaskId}`, admin);
    expect(detail.events.at(-1)).toMatchObject({ type: 'checked-in' });
    await page.getByTestId('check-in-result').getByRole('button').click();
  });

  it('sends SOS only after a press held for 1.5 s, and the command centre gets the alert', async () => {
    const box = (await page.getByTestId('sos-button').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // A brush against the button sends nothing.
    await page.mouse.down();
    await page.waitForTimeout(500);
    await page.mouse.up();
    await page.waitForTimeout(1_500);
    expect(await page.getByTestId('sos-status').count()).toBe(0);

    await page.mouse.down();
    await page.waitForTimeout(800);
    await shot('sos-holding');
    await page.waitForTimeout(1_000);
    await page.mouse.up();
    await page.locator('[data-testid=sos-status][data-phase=sent]').waitFor({ timeout: 10_000 });
    await shot('sos-sent');
    const alerts = await api<Alert[]>('GET', '/api/alerts?open=true', admin);
    const sos = alerts.filter((alert) => alert.kind === 'sos' && alert.officerId === officerId);
    expect(sos).toHaveLength(1);
    expect(sos[0]!.lat).toBeCloseTo(target.location.lat, 4);
  });

  it('reads the same in English, and raised no page errors', async () => {
    await page.getByRole('button', { name: /^(菜单|Menu)$/ }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await shot('english-menu');
    await page.getByTestId('officer-menu').getByRole('button', { name: 'Close' }).click();
    await shot('english');
    await page.getByTestId('check-in-button').click();
    await page.getByTestId('qr-scanner').waitFor();
    await shot('english-scanner');
    await page.getByTestId('qr-scanner').getByRole('button', { name: 'Close' }).click();
    expect(pageErrors).toEqual([]);
  });
});
