// Recording at ingest with real peers and a real ffmpeg: a WHIP publisher fed by ffmpeg (-c copy)
// is recorded without any viewer into segments whose hashes, sizes and time ranges are indexed
// and chained in the database; a reconnect continues the recording with a gap marked; segment
// files are served with HTTP Range, and tampering with files or rows is caught by verification.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  Role,
  RecordingDetail,
  RecordingList,
  RecordingPlaylist,
  RecordingVerification,
} from '@fcc/shared';
import { checkMedia, resolveFfmpeg } from '../src/modules/recordings/ffmpeg-tools';
import { hashFile } from '../src/modules/recordings/stream-recording';
import { createTestApp, type TestApp } from './helpers/test-app';
import { startPublisher } from './helpers/media-peers';
import { sleep, until } from './helpers/polling';

describe('recording at ingest', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-rec-'));
  const ffmpeg = resolveFfmpeg(process.env.FFMPEG_PATH ?? null);
  let t: TestApp;
  let url: string;
  let db: pg.Client;
  const whip = () => `${url}/api/media/devices/${t.device.id}/whip`;
  const get = async <T>(path: string, role: Role = 'supervisor') => {
    const response = await t.app.inject({ url: path, headers: t.auth(role) });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  const detail = (id: string) => get<RecordingDetail>(`/api/recordings/${id}`);
  const verify = async (id: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/recordings/${id}/verify`,
        headers: t.auth('supervisor'),
      })
    ).json<RecordingVerification>();
  const recordingOfStream = async (streamId: string) =>
    until(
      () => get<RecordingList>(`/api/recordings?deviceId=${t.device.id}`),
      (list) => list.some((recording) => recording.streamId === streamId),
    ).then((list) => list.find((recording) => recording.streamId === streamId)!);
  const segmentFiles = async (id: string) => {
    const { rows } = await db.query<{ seq: number; path: string }>(
      'SELECT seq, path FROM recording_segments WHERE recording_id = $1 ORDER BY seq',
      [id],
    );
    return rows.map((row) => path.join(dataDir, 'recordings', row.path));
  };

  beforeAll(async () => {
    t = await createTestApp({
      DATA_DIR: dataDir,
      RECORDING_SEGMENT_SECONDS: '2',
      MEDIA_TIMEOUT_MS: '700',
      MEDIA_RECONNECT_GRACE_SECONDS: '10',
    });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('a VP8 stream nobody watches, stopped by its publisher', () => {
    let recordingId: string;
    let final: RecordingDetail;
    beforeAll(async () => {
      const publisher = await startPublisher({ url: whip(), token: t.device.token });
      const recording = await recordingOfStream(publisher.exchange.streamId!);
      recordingId = recording.id;
      await until(
        () => detail(recordingId),
        (found) => found.segmentCount >= 3,
      );
      expect(await publisher.stop(url, t.device.token)).toBe(200);
      final = await until(
        () => detail(recordingId),
        (found) => found.endedAt !== null,
      );
    });

    it('indexes contiguous, chained segments of about the configured length, closed with the reason', async () => {
      expect(final).toMatchObject({
        container: 'webm',
        videoCodec: 'VP8',
        audioCodec: 'opus',
        closeReason: 'stream ended: stopped by the publisher',
        gaps: 0,
      });
      expect(final.segments.map((segment) => segment.seq)).toEqual([...final.segments.keys()]);
      expect(final.segmentCount).toBe(final.segments.length);
      expect(final.chainHead).toBe(final.segments.at(-1)!.chainHash);
      for (const [index, segment] of final.segments.entries()) {
        const seconds = (Date.parse(segment.endedAt) - Date.parse(segment.startedAt)) / 1000;
        // Cut at the first keyframe after 2 s (the clip has one every second); the last one is shorter.
        if (index < final.segments.length - 1) {
          expect(seconds).toBeGreaterThanOrEqual(1.9);
          expect(seconds).toBeLessThan(3.5);
        }
        if (index > 0) expect(segment.startedAt).toBe(final.segments[index - 1]!.endedAt);
      }
    });

    it('writes every segment, the last one included, as a file that decodes from its first frame to its end', async () => {
      const files = await segmentFiles(recordingId);
      expect(files).toHaveLength(final.segments.length);
      for (const [index, file] of files.entries()) {
        const check = await checkMedia(ffmpeg, file);
        expect(check, file).toMatchObject({ playable: true });
        const { sha256, bytes } = await hashFile(file);
        expect(sha256.toString('hex')).toBe(final.segments[index]!.sha256);
        expect(bytes).toBe(final.segments[index]!.bytes);
      }
    });

    it('verifies', async () => {
      expect(await verify(recordingId)).toMatchObject({
        ok: true,
        checked: final.segments.length,
        firstBroken: null,
      });
    });

    it('serves a segment whole and by HTTP Range', async () => {
      const segment = final.segments[1]!;
      const whole = await t.app.inject({ url: segment.url, headers: t.auth('supervisor') });
      expect(whole.statusCode).toBe(200);
      expect(whole.headers['content-type']).toBe('video/webm; codecs="vp8,opus"');
      expect(whole.headers['accept-ranges']).toBe('bytes');
      expect(whole.rawPayload.length).toBe(segment.bytes);
      const part = await t.app.inject({
        url: segment.url,
        headers: { ...t.auth('supervisor'), range: 'bytes=100-199' },
      });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 100-199/${segment.bytes}`);
      expect(part.rawPayload.equals(whole.rawPayload.subarray(100, 200))).toBe(true);
      const beyond = await t.app.inject({
        url: segment.url,
        headers: { ...t.auth('supervisor'), range: `bytes=${segment.bytes}-` },
      });
      expect(beyond.statusCode).toBe(416);
    });

    it('lists the segments to play from a moment on, the first with its offset', async () => {
      const second = final.segments[1]!;
      const from = new Date(Date.parse(second.startedAt) + 500).toISOString();
      const playlist = await get<RecordingPlaylist>(`/api/recordings/${recordingId}/playlist?from=${from}`);
      expect(playlist.mimeType).toBe('video/webm; codecs="vp8,opus"');
      expect(playlist.entries.map((entry) => entry.seq)).toEqual(
        final.segments.slice(1).map((segment) => segment.seq),
      );
      expect(playlist.entries[0]!.offsetSeconds).toBeCloseTo(0.5, 2);
      expect(playlist.entries[1]!.offsetSeconds).toBe(0);
      expect(playlist.more).toBe(false);
    });

    it('pages a long playlist: `more` says to ask again from the last entry', async () => {
      const first = await get<RecordingPlaylist>(`/api/recordings/${recordingId}/playlist?limit=1`);
      expect(first.entries.map((entry) => entry.seq)).toEqual([final.segments[0]!.seq]);
      expect(first.more).toBe(true);
      const next = await get<RecordingPlaylist>(
        `/api/recordings/${recordingId}/playlist?limit=1000&from=${first.entries[0]!.endedAt}`,
      );
      expect(next.entries.map((entry) => entry.seq)).toEqual(
        final.segments.slice(1).map((segment) => segment.seq),
      );
      expect(next.more).toBe(false);
      const tooMany = await t.app.inject({
        url: `/api/recordings/${recordingId}/playlist?limit=0`,
        headers: t.auth('supervisor'),
      });
      expect(tooMany.statusCode).toBe(400);
    });

    describe('tampering', () => {
      const restore: (() => Promise<unknown>)[] = [];
      const firstBroken = async () => (await verify(recordingId)).firstBroken;
      // Through -1: the (recording, seq) index is unique at every row.
      const swapSeq = async (a: number, b: number) => {
        const move = (from: number, to: number) =>
          db.query('UPDATE recording_segments SET seq = $3 WHERE recording_id = $1 AND seq = $2', [
            recordingId,
            from,
            to,
          ]);
        await move(a, -1);
        await move(b, a);
        await move(-1, b);
      };
      const removeRow = async (seq: number) => {
        const { rows } = await db.query(
          'DELETE FROM recording_segments WHERE recording_id = $1 AND seq = $2 RETURNING *',
          [recordingId, seq],
        );
        const row = rows[0] as Record<string, unknown>;
        restore.push(() =>
          db.query(
            `INSERT INTO recording_segments SELECT * FROM json_populate_record(NULL::recording_segments, $1)`,
            [JSON.stringify({ ...row, sha256: toHex(row.sha256), chain_hash: toHex(row.chain_hash) })],
          ),
        );
      };
      const toHex = (value: unknown) => `\\x${(value as Buffer).toString('hex')}`;
      afterEach(async () => {
        for (const undo of restore.splice(0).reverse()) await undo();
      });
      afterAll(async () => {
        expect(await verify(recordingId)).toMatchObject({ ok: true });
      });

      it('finds an altered segment file', async () => {
        const file = (await segmentFiles(recordingId))[1]!;
        const original = fs.readFileSync(file);
        const altered = Buffer.from(original);
        altered[altered.length - 10]! ^= 0xff;
        fs.writeFileSync(file, altered);
        restore.push(async () => fs.writeFileSync(file, original));
        expect(await firstBroken()).toMatchObject({ seq: 1, problem: 'file-altered' });
      });

      it('finds a removed segment file', async () => {
        const file = (await segmentFiles(recordingId))[2]!;
        fs.renameSync(file, `${file}.moved`);
        restore.push(async () => fs.renameSync(`${file}.moved`, file));
        expect(await firstBroken()).toMatchObject({ seq: 2, problem: 'file-missing' });
      });

      it('finds a removed index entry, in the middle and at the end', async () => {
        await removeRow(1);
        expect(await firstBroken()).toMatchObject({ seq: 1, problem: 'segment-missing' });
        await restore.pop()!();
        await removeRow(final.segments.length - 1);
        expect(await firstBroken()).toMatchObject({ seq: final.segments.length - 1, problem: 'chain-cut' });
      });

      it('finds reordered entries, and an entry whose hash was changed to match an altered file', async () => {
        await swapSeq(0, 1);
        restore.push(() => swapSeq(0, 1));
        expect(await firstBroken()).toMatchObject({ seq: 0, problem: 'entry-altered' });
        await restore.pop()!();
        await db.query(
          `UPDATE recording_segments SET sha256 = sha256(sha256) WHERE recording_id = $1 AND seq = 1`,
          [recordingId],
        );
        restore.push(() =>
          db.query(`UPDATE recording_segments SET sha256 = $2 WHERE recording_id = $1 AND seq = 1`, [
            recordingId,
            Buffer.from(final.segments[1]!.sha256, 'hex'),
          ]),
        );
        expect(await firstBroken()).toMatchObject({ seq: 1, problem: 'entry-altered' });
      });

      it('writes each verification to the audit log', async () => {
        const entries = await get<{ action: string; targetId: string }[]>(
          '/api/audit?action=recording.verified',
          'administrator',
        );
        expect(entries.filter((entry) => entry.targetId === recordingId).length).toBeGreaterThanOrEqual(6);
      });
    });

    it('lets officers see only their own recordings, and operators none', async () => {
      const other = await t.app.inject({ url: `/api/recordings/${recordingId}`, headers: t.auth('officer') });
      expect(other.statusCode).toBe(403);
      expect(await get<RecordingList>('/api/recordings', 'officer')).toEqual([]);
      const operator = await t.app.inject({ url: '/api/recordings', headers: t.auth('operator') });
      expect(operator.statusCode).toBe(403);
    });
  });

  it('continues the same recording across a publisher reconnect, the gap marked', async () => {
    const first = await startPublisher({ url: whip(), token: t.device.token });
    const streamId = first.exchange.streamId!;
    const { id } = await recordingOfStream(streamId);
    await until(
      () => detail(id),
      (found) => found.segmentCount >= 2,
    );
    await first.drop(); // a 4G drop: no DELETE
    await sleep(1500);
    const second = await startPublisher({ url: whip(), token: t.device.token });
    expect(second.exchange.streamId).toBe(streamId);
    const resumed = await until(
      () => detail(id),
      (found) =>
        found.segments.some((segment) => segment.gapBefore) && found.segments.at(-1)?.gapBefore === false,
    );
    expect(await second.stop(url, t.device.token)).toBe(200);
    const final = await until(
      () => detail(id),
      (found) => found.endedAt !== null,
    );

    const ofStream = (await get<RecordingList>(`/api/recordings?deviceId=${t.device.id}`)).filter(
      (recording) => recording.streamId === streamId,
    );
    expect(ofStream).toHaveLength(1);
    expect(final.gaps).toBe(1);
    const gapAt = final.segments.findIndex((segment) => segment.gapBefore);
    expect(gapAt).toBeGreaterThan(0);
    expect(gapAt).toBeLessThan(resumed.segments.length);
    const missing =
      Date.parse(final.segments[gapAt]!.startedAt) - Date.parse(final.segments[gapAt - 1]!.endedAt);
    expect(missing).toBeGreaterThan(1000);
    for (const file of await segmentFiles(id))
      expect(await checkMedia(ffmpeg, file), file).toMatchObject({ playable: true });
    expect(await verify(id)).toMatchObject({ ok: true, checked: final.segments.length });
  });

  it('records H.264 into Matroska', async () => {
    const publisher = await startPublisher({ url: whip(), token: t.device.token, codec: 'H264' });
    const { id } = await recordingOfStream(publisher.exchange.streamId!);
    await until(
      () => detail(id),
      (found) => found.segmentCount >= 2,
    );
    await publisher.stop(url, t.device.token);
    const final = await until(
      () => detail(id),
      (found) => found.endedAt !== null,
    );
    expect(final).toMatchObject({ container: 'matroska', videoCodec: 'H264', audioCodec: 'opus' });
    const files = await segmentFiles(id);
    expect(files.every((file) => file.endsWith('.mkv'))).toBe(true);
    for (const file of files) expect((await checkMedia(ffmpeg, file)).errors, file).toBe('');
    const segment = await t.app.inject({ url: final.segments[0]!.url, headers: t.auth('administrator') });
    expect(segment.headers['content-type']).toBe('video/x-matroska; codecs="avc1.42e01f,opus"');
  });
});
