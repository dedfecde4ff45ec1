// Export of an officer's (or a device's) time range as a signed evidence package: the recordings
// overlapping it with only the segment files that overlap (the others stay in the manifest as
// chain entries), the officer's track over the range in GPX and GeoJSON, the timeline of the task
// the officer held; it verifies with `npm run verify`, fails naming the file once a media byte
// inside is flipped, is audited, and refuses bad ranges with a 400.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '@fcc/shared';
import type { Manifest } from '../src/modules/cases/evidence-package';
import { CELL_CENTRES, createPatrolFixture, fixAt, type PatrolFixture } from './helpers/patrol-fixture';
import { seedRecording, type SeededRecording } from './helpers/recording-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';

const repoRoot = path.resolve(import.meta.dirname, '../..');

function npmVerify(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'verify', '--', ...args], { cwd: repoRoot });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** name → where its (stored) data starts, its size, and its bytes. */
function readZip(file: string): Promise<Map<string, { dataOffset: number; data: Buffer }>> {
  const raw = fs.readFileSync(file);
  return new Promise((resolve, reject) => {
    const found = new Map<string, { dataOffset: number; data: Buffer }>();
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        const header = entry.relativeOffsetOfLocalHeader;
        const dataOffset = header + 30 + raw.readUInt16LE(header + 26) + raw.readUInt16LE(header + 28);
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            found.set(entry.fileName, { dataOffset, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(found));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('time-range export', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-range-'));
  const packageFile = path.join(dataDir, 'range.zip');
  let t: TestApp;
  let pool: pg.Pool;
  let patrol: PatrolFixture;
  let inRange: SeededRecording;
  let outside: SeededRecording;
  let task: Task;
  const now = Date.now();
  const from = new Date(now - 45_000).toISOString();
  const to = new Date(now + 60_000).toISOString();
  const exportRange = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/recordings/export', headers: t.auth('supervisor'), payload });

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir, RECORDING_VERIFY_EVERY_MINUTES: 'off' });
    pool = new pg.Pool({ connectionString: t.databaseUrl });
    patrol = await createPatrolFixture(t);
    // Segments [-60 s, -50 s], [-50, -40], [-40, -30]: the range from -45 s takes the last two.
    inRange = await seedRecording(t, pool, {
      deviceId: patrol.deviceId,
      officerId: patrol.officerId,
      startedAt: new Date(now - 60_000),
      segments: 3,
    });
    outside = await seedRecording(t, pool, {
      deviceId: patrol.deviceId,
      officerId: patrol.officerId,
      startedAt: new Date(now - 2 * 3600_000),
    });
    const fixes = Array.from({ length: 18 }, (_, i) => fixAt('a1', new Date(now - 90_000 + i * 5000), i * 5));
    await t.app.inject({
      method: 'POST',
      url: '/api/device/positions',
      headers: { authorization: `Bearer ${patrol.deviceToken}` },
      payload: { fixes },
    });
    task = (
      await t.app.inject({
        method: 'POST',
        url: '/api/tasks',
        headers: t.auth('operator'),
        payload: { category: 'street-vending', priority: 'normal', location: CELL_CENTRES.a1 },
      })
    ).json<Task>();
    const dispatched = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/dispatch`,
      headers: t.auth('operator'),
      payload: { officerIds: [patrol.officerId] },
    });
    expect(dispatched.statusCode).toBe(200);
    const exported = await exportRange({ officerId: patrol.officerId, from, to });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toBe('application/zip');
    fs.writeFileSync(packageFile, exported.rawPayload);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('packs the overlapping segments, the track over the range and the task timeline', async () => {
    const zip = await readZip(packageFile);
    const manifest = JSON.parse(zip.get('manifest.json')!.data.toString()) as Manifest;
    expect(manifest.range).toEqual({ officerId: patrol.officerId, deviceId: null, from, to });
    expect(manifest.case).toBeUndefined();
    expect(manifest.recordings.map((recording) => recording.id)).toEqual([inRange.id]);
    const [recording] = manifest.recordings;
    expect(recording!.segments.map((segment) => segment.file)).toEqual([
      null,
      `recordings/${inRange.id}/r0-00001.webm`,
      `recordings/${inRange.id}/r0-00002.webm`,
    ]);
    expect(zip.get(`recordings/${inRange.id}/r0-00001.webm`)!.data).toEqual(
      fs.readFileSync(inRange.files[1]!),
    );
    expect(zip.has(`recordings/${inRange.id}/r0-00000.webm`)).toBe(false);
    expect([...zip.keys()].some((name) => name.includes(outside.id))).toBe(false);

    const gpx = zip.get(`tracks/${patrol.officerId}.gpx`)!.data.toString();
    const points = gpx.match(/<trkpt /g)?.length ?? 0;
    expect(points).toBe(9); // fixes at -45 s … -5 s, every 5 s
    const geojson = JSON.parse(zip.get(`tracks/${patrol.officerId}.geojson`)!.data.toString());
    expect(geojson.features[0].geometry.coordinates).toHaveLength(points);
    const timeline = JSON.parse(zip.get(`tasks/${task.code}.json`)!.data.toString());
    expect(timeline.events.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['created', 'dispatched']),
    );
  });

  it('verifies with npm run verify, and fails naming the file once a media byte is flipped', async () => {
    const good = await npmVerify(packageFile);
    expect(good.output).toContain('VERIFIED');
    expect(good.code).toBe(0);

    const name = `recordings/${inRange.id}/r0-00002.webm`;
    const { dataOffset } = (await readZip(packageFile)).get(name)!;
    const raw = fs.readFileSync(packageFile);
    raw[dataOffset + 100]! ^= 0x01;
    const tampered = path.join(dataDir, 'tampered.zip');
    fs.writeFileSync(tampered, raw);
    const bad = await npmVerify(tampered);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain(`FAIL ${name}: altered`);
  }, 60_000);

  it('exports a device range too, and writes every export to the audit log', async () => {
    const byDevice = await exportRange({ deviceId: patrol.deviceId, from, to });
    expect(byDevice.statusCode).toBe(200);
    const audit = (
      await t.app.inject({ url: '/api/audit?action=recordings.exported', headers: t.auth('administrator') })
    ).json<{ targetType: string; targetId: string; details: Record<string, unknown> }[]>();
    expect(audit).toHaveLength(2);
    expect(audit.map((entry) => [entry.targetType, entry.targetId]).sort()).toEqual(
      [
        ['device', patrol.deviceId],
        ['officer', patrol.officerId],
      ].sort(),
    );
    expect(audit[0]!.details).toMatchObject({ from, to, recordings: [inRange.id] });
  });

  it('refuses ranges a person has to fix, with a 400 saying what', async () => {
    const cases: [object, string][] = [
      [{ from, to }, 'either officerId or deviceId'],
      [{ officerId: patrol.officerId, deviceId: patrol.deviceId, from, to }, 'either officerId or deviceId'],
      [{ officerId: patrol.officerId, from: to, to: from }, 'to must be after from'],
      [
        { officerId: patrol.officerId, from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
        'at most 31 days',
      ],
    ];
    for (const [payload, message] of cases) {
      const response = await exportRange(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().message).toContain(message);
    }
    const officerOnly = await t.app.inject({
      method: 'POST',
      url: '/api/recordings/export',
      headers: t.auth('operator'),
      payload: { officerId: patrol.officerId, from, to },
    });
    expect(officerOnly.statusCode).toBe(403);
  });
});
