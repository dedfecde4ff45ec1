// A supervisor in Chromium works through the recordings to complete (describes one, it leaves the
// queue) and builds a case file: opens a case, attaches the recording and a task, uploads a photo
// and a PDF (a file of a type a case does not take is refused with the server's words), detaches
// one with a reason, closes the case and finds every editing control disabled; then reads it in
// Chinese. Recordings are seeded as the recorder leaves them (rows plus chained segment files).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, CaseDetail, Recording, Task } from '@fcc/shared';
import { CELL_CENTRES, createPatrolFixture, type PatrolFixture } from '../server/test/helpers/patrol-fixture';
import { seedRecording } from '../server/test/helpers/recording-fixture';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../server/test/helpers/test-app';
import { launchChromium, repoRoot, screenshotDir } from './helpers';

/** The smallest PDF a reader opens: one empty page. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('cases and the recordings to complete', () => {
  let t: TestApp;
  let url: string;
  let pool: pg.Pool;
  let patrol: PatrolFixture;
  let task: Task;
  let described: string;
  let unnamed: string;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let caseId: string;
  const pageErrors: string[] = [];

  const api = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await t.app.inject({
      method: method as 'GET',
      url: route,
      headers: t.auth('supervisor'),
      ...(body === undefined ? {} : { payload: body as object }),
    });
    if (response.statusCode >= 300) throw new Error(`${route}: ${response.statusCode} ${response.body}`);
    return response.body ? response.json<T>() : (undefined as T);
  };
  /** The whole screen: it scrolls inside the page, so the window is made as tall as its content. */
  const shot = async (name: string) => {
    const height = await page.evaluate(() =>
      Math.max(...[...document.querySelectorAll('.screen')].map((screen) => screen.scrollHeight + 60)),
    );
    await page.setViewportSize({ width: 1600, height: Math.max(900, height) });
    await page.screenshot({ path: path.join(screenshotDir, name) });
    await page.setViewportSize({ width: 1600, height: 900 });
  };

  beforeAll(async () => {
    t = await createTestApp({ DASHBOARD_DIR: path.join(repoRoot, 'dashboard/dist') });
    if (!fs.existsSync(path.join(t.config.dashboardDir, 'index.html')))
      throw new Error('dashboard/dist is missing: run `npm run build` (npm test does it first).');
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    pool = new pg.Pool({ connectionString: t.databaseUrl });
    patrol = await createPatrolFixture(t);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: t.auth('operator'),
      payload: {
        category: 'street-vending',
        priority: 'normal',
        location: CELL_CENTRES.a1,
        description: 'Stall blocking the pavement',
      },
    });
    task = created.json<Task>();
    // Officer Wang's recording of ten minutes ago, saying nothing yet; and an older one of the
    // unassigned test camera, whose recorder nobody has named.
    const now = Date.now();
    described = (
      await seedRecording(t, pool, {
        deviceId: patrol.deviceId,
        officerId: patrol.officerId,
        startedAt: new Date(now - 10 * 60_000),
        segments: 3,
      })
    ).id;
    unnamed = (
      await seedRecording(t, pool, {
        deviceId: t.device.id,
        officerId: null,
        startedAt: new Date(now - 60 * 60_000),
      })
    ).id;

    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.goto(url);
    await page.getByTestId('language-switch').getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Username').fill('test-supervisor');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByTestId('login-form').locator('button[type=submit]').click();
    await page.getByTestId('screen-to-complete').waitFor({ timeout: 30_000 });
  }, 180_000);
  afterAll(async () => {
    await chromium?.close();
    await pool?.end();
    await t?.close();
  });

  it('lists the recordings to complete, newest first, and one leaves the queue once described', async () => {
    await page.getByTestId('screen-to-complete').click();
    const rows = page.getByTestId('to-complete-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect(await rows.nth(0).getAttribute('data-recording-id')).toBe(described);
    expect(await rows.nth(1).getAttribute('data-recording-id')).toBe(unnamed);
    const row = page.locator(`[data-testid=to-complete-row][data-recording-id="${described}"]`);
    await expect.poll(() => row.innerText()).toContain('Officer Wang');
    expect(await row.getByTestId('to-complete-missing').innerText()).toBe('stage, what it proves');
    expect(
      await page
        .locator(`[data-testid=to-complete-row][data-recording-id="${unnamed}"]`)
        .getByTestId('to-complete-missing')
        .innerText(),
    ).toBe('who recorded, stage, what it proves');

    // Replay opens the officer over the recording's time.
    const replay = new URL((await row.getByTestId('to-complete-replay').getAttribute('href'))!, url);
    expect(replay.pathname).toBe('/replay');
    expect(replay.searchParams.get('officerId')).toBe(patrol.officerId);
    const recording = await api<Recording>('GET', `/api/recordings/${described}`);
    expect(Date.parse(replay.searchParams.get('from')!)).toBeLessThan(Date.parse(recording.startedAt));
    expect(Date.parse(replay.searchParams.get('to')!)).toBeGreaterThan(Date.parse(recording.endedAt!));

    // A task code that does not exist is said so, and nothing is saved.
    await row.getByLabel('Stage').selectOption('investigation');
    await row.getByLabel('What it proves').fill('The vendor refusing to move the stall after the warning');
    await row.getByLabel('Task code').fill('T-NO-SUCH');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByTestId('admin-error').innerText())
      .toBe('No task has the code T-NO-SUCH.');
    expect((await api<Recording>('GET', `/api/recordings/${described}`)).stage).toBeNull();
    await shot('cases-to-complete.png');

    await row.getByLabel('Task code').fill(task.code);
    await row.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByTestId('to-complete-notice').innerText()).toContain('Officer Wang');
    expect(await api<Recording>('GET', `/api/recordings/${described}`)).toMatchObject({
      stage: 'investigation',
      purpose: 'The vendor refusing to move the stall after the warning',
      taskIds: [task.id],
      missing: [],
    });
  });

  it('replays a recording nobody is named on by its device', async () => {
    const row = page.locator(`[data-testid=to-complete-row][data-recording-id="${unnamed}"]`);
    const href = (await row.getByTestId('to-complete-replay').getAttribute('href'))!;
    expect(new URL(href, url).searchParams.get('deviceId')).toBe(t.device.id);
    await page.goto(url + href);
    await page.getByTestId('replay-timeline').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Device', { exact: true }).inputValue()).toBe(t.device.id);
    // The device's recording is the one replayed.
    await expect.poll(() => page.locator('.replay-summary').innerText()).toContain('1 recordings');
    await page.goto(`${url}/#to-complete`);
    await page.getByTestId('to-complete-row').first().waitFor();
  });

  it('opens a case, finds it by search, and attaches the recording and the task', async () => {
    await page.getByTestId('screen-cases').click();
    const form = page.getByTestId('case-create');
    await form.getByLabel('Case number').fill('XZCF-2026-0201');
    await form.getByLabel('Title').fill('Unlicensed street vending, Xinhua Road');
    await form.getByLabel('Description (optional)').fill('Repeated obstruction of the pavement');
    await form.getByRole('button', { name: 'Open case' }).click();
    await page.locator('[data-testid=case-page][data-case-code="XZCF-2026-0201"]').waitFor();
    caseId = decodeURIComponent(new URL(page.url()).hash.split('/')[1]!);

    // The list finds it by part of its title.
    await page.getByRole('button', { name: 'All cases' }).click();
    await page.getByTestId('case-search').fill('xinhua');
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(1);
    await page.getByTestId('case-search').fill('parking');
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(0);
    await page.getByTestId('case-search').fill('');
    await page.getByTestId('case-row').getByRole('link', { name: 'XZCF-2026-0201' }).click();
    await page.getByTestId('case-page').waitFor();

    await page.getByTestId('case-recording-picker').selectOption(described);
    await page.getByRole('button', { name: 'Attach recording' }).click();
    const recordingRow = page.locator(`[data-testid=case-recording][data-recording-id="${described}"]`);
    await recordingRow.waitFor();
    expect(await recordingRow.innerText()).toContain('Investigation');
    expect(await recordingRow.innerText()).toContain('The vendor refusing to move the stall');

    await page.getByTestId('case-task-code').fill(task.code.toLowerCase());
    await page.getByRole('button', { name: 'Attach task' }).click();
    await page.locator(`[data-testid=case-task][data-code="${task.code}"]`).waitFor();

    const detail = await api<CaseDetail>('GET', `/api/cases/${caseId}`);
    expect(detail.recordings.map((recording) => recording.id)).toEqual([described]);
    expect(detail.tasks.map((found) => found.id)).toEqual([task.id]);
    const trail = page.getByTestId('case-audit-trail');
    await expect.poll(() => trail.innerText()).toContain('case.task-attached');
    expect(await trail.innerText()).toContain('case.recording-attached');
  });

  it('uploads a photo and a PDF, each listed, and refuses a file a case does not take, saying why', async () => {
    const photo = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 200 } });
    const zip = Buffer.from('PK\u0003\u0004 not a case file');
    await page.getByTestId('case-file-input').setInputFiles([
      { name: 'scene-photo.png', mimeType: 'image/png', buffer: photo },
      { name: 'penalty-notice.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'archive.zip', mimeType: 'application/zip', buffer: zip },
    ]);
    const item = (name: string) => page.locator(`[data-testid=case-upload-item][data-name="${name}"]`);
    await expect
      .poll(() => item('archive.zip').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('failed');
    expect(await item('scene-photo.png').getAttribute('data-state')).toBe('done');
    expect(await item('penalty-notice.pdf').getAttribute('data-state')).toBe('done');
    // The server's reason, naming what a case takes.
    expect(await item('archive.zip').innerText()).toContain('application/pdf');

    const thumbnail = page.locator('[data-testid=case-photo][data-name="scene-photo.png"] img');
    await expect
      .poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
      .toBe(320);
    const documentRow = page.locator('[data-testid=case-document][data-name="penalty-notice.pdf"]');
    expect(await documentRow.innerText()).toContain(sha256(PDF));
    const detail = await api<CaseDetail>('GET', `/api/cases/${caseId}`);
    expect(detail.files.map((file) => [file.kind, file.name, file.sha256]).sort()).toEqual(
      [
        ['document', 'penalty-notice.pdf', sha256(PDF)],
        ['photo', 'scene-photo.png', sha256(photo)],
      ].sort(),
    );
    await shot('cases-case-open.png');

    // Download hands over the same bytes.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      documentRow.getByTestId('case-file-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('penalty-notice.pdf');
    expect(sha256(fs.readFileSync((await download.path())!))).toBe(sha256(PDF));
  });

  it('refuses detaching while the case is under legal hold, and says so', async () => {
    await page.getByTestId('case-set-hold').click();
    await page.getByLabel('Reason for the legal hold (required)').fill('Administrative litigation pending');
    await page
      .getByTestId('case-set-hold-form')
      .getByRole('button', { name: 'Put under legal hold' })
      .click();
    await page.getByTestId('case-release-hold').waitFor();
    const detach = page.getByTestId('case-detach');
    expect(await detach.count()).toBe(4);
    for (const button of await detach.all()) {
      expect(await button.isDisabled()).toBe(true);
      expect(await button.getAttribute('title')).toBe(
        'The case is under legal hold: release the hold before detaching anything.',
      );
    }
    await page.getByTestId('case-release-hold').click();
    await page.getByLabel('Reason for the legal hold (required)').fill('Litigation withdrawn');
    await page
      .getByTestId('case-release-hold-form')
      .getByRole('button', { name: 'Release legal hold' })
      .click();
    await page.getByTestId('case-set-hold').waitFor();
    expect(await detach.first().isDisabled()).toBe(false);
    expect((await api<CaseDetail>('GET', `/api/cases/${caseId}`)).legalHold).toBe(false);
  });

  it('detaches a file only with a reason, which goes to the audit log', async () => {
    const documentRow = page.locator('[data-testid=case-document][data-name="penalty-notice.pdf"]');
    await documentRow.getByTestId('case-detach').click();
    const confirm = documentRow.getByTestId('case-detach-form').getByRole('button', { name: 'Detach' });
    expect(await confirm.isDisabled()).toBe(true);
    await documentRow.getByLabel('Why it is detached (required)').fill('Uploaded to the wrong case');
    await confirm.click();
    await expect.poll(() => page.getByTestId('case-document').count()).toBe(0);
    expect(await page.getByTestId('case-photo').count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('case-audit-trail').innerText())
      .toContain('detached a file · reason: Uploaded to the wrong case');
    const trail = await api<AuditEntry[]>('GET', `/api/cases/${caseId}/audit`);
    expect(trail.at(-1)).toMatchObject({
      action: 'case.file-detached',
      details: expect.objectContaining({ reason: 'Uploaded to the wrong case' }),
    });
  });

  it('closes the case: shown closed, every editing control disabled, and says why', async () => {
    await page.getByTestId('case-close').click();
    await page.getByTestId('case-close-form').getByRole('button', { name: 'Close case' }).click();
    await page.locator('[data-testid=case-page][data-status=closed]').waitFor();
    expect(await page.getByTestId('case-closed-banner').innerText()).toMatch(
      /This case was closed on .*: nothing can be attached, uploaded or detached until it is reopened\./,
    );
    expect(await page.getByTestId('case-status').innerText()).toBe('Closed');
    for (const name of ['Attach task', 'Attach recording', 'Choose files…', 'Detach']) {
      const buttons = page.getByRole('button', { name, exact: true });
      expect(await buttons.count(), name).toBeGreaterThan(0);
      for (const button of await buttons.all()) expect(await button.isDisabled(), name).toBe(true);
    }
    expect(await page.getByTestId('case-task-code').isDisabled()).toBe(true);
    expect(await page.getByTestId('case-recording-picker').isDisabled()).toBe(true);
    expect((await api<CaseDetail>('GET', `/api/cases/${caseId}`)).status).toBe('closed');
    await shot('cases-case-closed.png');
  });

  it('reads the same screens in Chinese after switching the language', async () => {
    await page.getByTestId('language-switch').getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.getByTestId('case-status').innerText()).toBe('已结案');
    const text = await page.getByTestId('case-page').innerText();
    for (const label of ['全部案件', '重新打开', '照片', '文书', '关联任务', '归入录像', '审计记录']) {
      expect(text).toContain(label);
    }
    expect(await page.getByTestId('case-closed-banner').innerText()).toContain('结案');
    await shot('cases-case-zh.png');
    await page.getByTestId('screen-to-complete').click();
    await page.getByTestId('to-complete-screen').getByRole('heading', { name: '待补录的录像' }).waitFor();
    expect(await page.getByTestId('screen-cases').innerText()).toBe('案件');
    await expect
      .poll(() => page.getByTestId('to-complete-missing').innerText())
      .toBe('记录人、执法环节、证明内容');
    await shot('cases-to-complete-zh.png');
    expect(pageErrors).toEqual([]);
  });
});
