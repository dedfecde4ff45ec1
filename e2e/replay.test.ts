// A supervisor replays a real recording (a werift WHIP publisher, recorded by the real recorder)
// in Chromium: the video plays from the segment files, the marker on the map follows the video's
// wall-clock time along the officer's track, and clicking the timeline seeks video and marker.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingDetail, RecordingList, Replay } from '@fcc/shared';
import { startPublisher } from '../server/test/helpers/media-peers';
import { createPatrolFixture, type PatrolFixture } from '../server/test/helpers/patrol-fixture';
import { until } from '../server/test/helpers/polling';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../server/test/helpers/test-app';
import { launchChromium, repoRoot, screenshotDir } from './helpers';

/** Fixes once a second walking east this many degrees per second (about 8 m/s), so the marker visibly moves. */
const LON_PER_SECOND = 0.0001;
const START = { lat: 40.805, lon: 111.603 };

describe('replay screen', () => {
  let t: TestApp;
  let url: string;
  let patrol: PatrolFixture;
  let recording: RecordingDetail;
  let fixStartMs: number;
  let from: string;
  let to: string;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  /** Where the officer was at a wall-clock time, from the fixes this test sent. */
  const trackAt = (timeMs: number) => ({
    lon: START.lon + ((timeMs - fixStartMs) / 1000) * LON_PER_SECOND,
    lat: START.lat,
  });
  /** The marker as the page put it, and the video's wall-clock time: segment start + currentTime. */
  const readPlayer = () =>
    page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid=replay-video]')!;
      const map = document.querySelector<HTMLElement>('[data-testid=map]')!;
      const [lon, lat] = (map.dataset.markerLonLat ?? 'NaN,NaN').split(',').map(Number);
      return {
        wallClock: Number(video.dataset.wallClock),
        currentTime: video.currentTime,
        paused: video.paused,
        hasPicture: video.videoWidth > 0,
        lon: lon!,
        lat: lat!,
        // Shown when a segment could not be fetched; part of a timeout's message.
        notice: document.querySelector('.replay-video')?.textContent ?? '',
      };
    });
  const expectMarkerOnTrack = (state: Awaited<ReturnType<typeof readPlayer>>) => {
    // The video's wall clock is its segment's start plus its currentTime (at a boundary the file
    // that just ended and the next one at 0 both say so) …
    const offsets = recording.segments.map((segment) =>
      Math.abs(state.wallClock - (Date.parse(segment.startedAt) + state.currentTime * 1000)),
    );
    expect(Math.min(...offsets)).toBeLessThan(2);
    // … and the marker is on the track at exactly that time.
    const expected = trackAt(state.wallClock);
    expect(state.lon).toBeCloseTo(expected.lon, 6);
    expect(state.lat).toBeCloseTo(expected.lat, 6);
  };
  const pause = async () => {
    await page.getByTestId('replay-play').click();
    // Paused between two files, the next one is put in place (at its start) before it counts.
    return until(readPlayer, (state) => state.paused && Number.isFinite(state.wallClock));
  };

  beforeAll(async () => {
    t = await createTestApp({
      DASHBOARD_DIR: path.join(repoRoot, 'dashboard/dist'),
      RECORDING_SEGMENT_SECONDS: '2',
    });
    if (!fs.existsSync(path.join(t.config.dashboardDir, 'index.html')))
      throw new Error('dashboard/dist is missing: run `npm run build` (npm test does it first).');
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    patrol = await createPatrolFixture(t);
    const headers = t.auth('supervisor');

    const publisher = await startPublisher({
      url: `${url}/api/media/devices/${patrol.deviceId}/whip`,
      token: patrol.deviceToken,
    });
    const recordingList = () =>
      t.app
        .inject({ url: `/api/recordings?deviceId=${patrol.deviceId}`, headers })
        .then((r) => r.json<RecordingList>());
    const id = (await until(recordingList, (list) => list.length > 0))[0]!.id;
    const detail = () =>
      t.app.inject({ url: `/api/recordings/${id}`, headers }).then((r) => r.json<RecordingDetail>());
    await until(detail, (found) => found.segmentCount >= 4, 60_000);
    expect(await publisher.stop(url, patrol.deviceToken)).toBe(200);
    recording = await until(detail, (found) => found.endedAt !== null, 30_000);

    fixStartMs = Math.floor(Date.parse(recording.startedAt) / 1000) * 1000 - 15_000;
    // Whole seconds, like the start: the page's date-time inputs keep seconds, and a range the
    // page rounded would shift every timeline click by up to a few hundred ms.
    const endMs = Math.ceil(Date.parse(recording.endedAt!) / 1000) * 1000 + 15_000;
    const fixes = [];
    for (let at = fixStartMs; at <= endMs; at += 1000) {
      fixes.push({ fixTime: new Date(at).toISOString(), ...trackAt(at) });
    }
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/device/positions',
      headers: { authorization: `Bearer ${patrol.deviceToken}` },
      payload: { fixes },
    });
    expect(posted.statusCode, posted.body).toBeLessThan(300);
    from = new Date(fixStartMs).toISOString();
    to = new Date(endMs).toISOString();

    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.goto(url);
    await page.getByLabel(/用户名|Username/).fill('test-supervisor');
    await page.getByLabel(/密码|Password/).fill(TEST_PASSWORD);
    await page.getByTestId('login-form').locator('button[type=submit]').click();
  }, 180_000);
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
  });

  it('is in the navigation for supervisors and opens the replay of an officer and time range', async () => {
    await page.getByTestId('nav-replay').click();
    await page.getByTestId('replay-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/replay');
    await page.goto(`${url}/replay?officerId=${patrol.officerId}&from=${from}&to=${to}`);
    await page.getByTestId('replay-timeline').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=map][data-marker-lon-lat]').waitFor({ timeout: 30_000 });
    // Paused at the start of the range: no video there, the marker at the first fix.
    const start = await readPlayer();
    expect(start).toMatchObject({ lon: START.lon, lat: START.lat });
  });

  it('plays the recording from its segment files, the marker following the video time along the track', async () => {
    // Seek into the first segment by clicking the timeline, then play.
    await clickTimelineAt(Date.parse(recording.segments[0]!.startedAt) + 300);
    await until(readPlayer, (state) => Number.isFinite(state.wallClock) && state.hasPicture, 30_000);
    await page.getByTestId('replay-play').click();
    await until(readPlayer, (state) => !state.paused && state.currentTime > 0.8, 30_000);
    const first = await pause();
    expectMarkerOnTrack(first);
    await page.screenshot({ path: path.join(screenshotDir, 'replay-playing.png') });

    await page.getByTestId('replay-play').click();
    // Across the boundary into the next segment file.
    await until(readPlayer, (state) => state.wallClock > first.wallClock + 2500, 30_000);
    const second = await pause();
    expectMarkerOnTrack(second);
    expect(second.wallClock).toBeGreaterThan(first.wallClock + 2000);
    expect(second.lon).toBeGreaterThan(first.lon + 2 * LON_PER_SECOND);
  });

  it('seeks video and marker to where the timeline is clicked', async () => {
    // The last full segment (the very last one can be a fraction of a second).
    const last = recording.segments.at(-2)!;
    const target = (Date.parse(last.startedAt) + Date.parse(last.endedAt)) / 2;
    const before = await readPlayer();
    await clickTimelineAt(target);
    const state = await until(
      readPlayer,
      (found) => found.paused && Math.abs(found.wallClock - target) < 1000 && found.hasPicture,
      30_000,
    );
    expect(state.wallClock).toBeGreaterThanOrEqual(Date.parse(last.startedAt));
    expect(state.wallClock).toBeLessThan(Date.parse(last.endedAt));
    expectMarkerOnTrack(state);
    expect(state.lon).not.toBeCloseTo(before.lon, 5);
    await page.screenshot({ path: path.join(screenshotDir, 'replay-seeked.png') });
  });

  it('seeks to the time of a fix clicked on the track', async () => {
    // The fix 2 s into the second segment, clicked where the map draws it.
    const fixTime = Math.ceil(Date.parse(recording.segments[1]!.startedAt) / 1000) * 1000;
    const { lon, lat } = trackAt(fixTime);
    const box = (await page.getByTestId('map').boundingBox())!;
    const point = await page.evaluate(
      ([x, y]) =>
        (
          document.querySelector('[data-testid=map]') as unknown as {
            fccMap: { project(p: [number, number]): { x: number; y: number } };
          }
        ).fccMap.project([x, y]),
      [lon, lat] as [number, number],
    );
    await page.mouse.click(box.x + point.x, box.y + point.y);
    const state = await until(
      readPlayer,
      (found) => found.paused && Math.abs(found.wallClock - fixTime) < 2 && found.hasPicture,
      30_000,
    );
    expectMarkerOnTrack(state);
    expect(state.lon).toBeCloseTo(lon, 6);
  });

  it('describes the recording being played, and shows that and this viewing in its audit trail', async () => {
    const panel = page.getByTestId('recording-panel');
    await panel.locator('select').first().selectOption('inspection');
    await panel.locator('textarea').fill('The stall on Heping Road and the warning given');
    await panel.getByRole('button', { name: /保存|Save/ }).click();
    await expect
      .poll(() => page.getByTestId('recording-audit').innerText(), { timeout: 15_000 })
      .toContain('recording.described');
    // The panel shows the recording as saved: nothing missing any more (the recorder is known).
    await expect.poll(() => page.getByTestId('recording-missing').innerText()).toBe('—');
    const trail = await page.getByTestId('recording-audit').innerText();
    expect(trail).toContain('recording.media-viewed');
    const described = await t.app.inject({
      url: `/api/recordings/${recording.id}`,
      headers: t.auth('supervisor'),
    });
    expect(described.json<RecordingDetail>()).toMatchObject({
      stage: 'inspection',
      purpose: 'The stall on Heping Road and the warning given',
    });
    await page.screenshot({ path: path.join(screenshotDir, 'replay-described.png') });
    expect(pageErrors).toEqual([]);
  });

  it('answers the same replay document the page used', async () => {
    const response = await t.app.inject({
      url: `/api/replay?officerId=${patrol.officerId}&from=${from}&to=${to}`,
      headers: t.auth('supervisor'),
    });
    const document = response.json<Replay>();
    expect(document.recordings.map((found) => found.id)).toEqual([recording.id]);
    expect(document.track.fixCount).toBeGreaterThan(30);
  });

  async function clickTimelineAt(timeMs: number) {
    const box = (await page.getByTestId('replay-timeline').boundingBox())!;
    const share = (timeMs - Date.parse(from)) / (Date.parse(to) - Date.parse(from));
    await page.mouse.click(box.x + box.width * share, box.y + box.height / 2);
  }
});
