// Photos and documents in cases, detaching, closing and reopening, against the real app and
// PostGIS: files are added as the request body and listed, served back with their name (audited);
// what a case may not hold is refused whole (415, 413, 400) with nothing written; a closed case
// refuses every change with 409 until reopened with a reason; legal hold refuses detaching; a
// recording detached from its case falls back to normal retention; the evidence package carries
// the files and `npm run verify` names one altered inside it.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, CaseDetail, CaseFile, RetentionRun, Task } from '@fcc/shared';
import type { Manifest } from '../src/modules/cases/evidence-package';
import { entries, npmVerify, readEntry } from './helpers/evidence-zip';
import { CELL_CENTRES, createPatrolFixture, type PatrolFixture } from './helpers/patrol-fixture';
import { seedRecording, signInOfficer, type SeededRecording } from './helpers/recording-fixture';
import { createTestApp, type TestApp } from './helpers/test-app';
import { sha256Hex } from './helpers/tus-client';

const DAY_MS = 86_400_000;
const MAX_BYTES = 200_000;
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const NOTICE = '现场检查笔录 (2026).pdf';

describe('case files, detaching and closing', () => {
  let t: TestApp;
  let base: string;
  let pool: pg.Pool;
  let patrol: PatrolFixture;

  const call = async <T = { message: string }>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    headers = t.auth('supervisor'),
  ) => {
    const response = await t.app.inject({ method, url, headers, payload });
    return {
      status: response.statusCode,
      body: (String(response.headers['content-type']).startsWith('application/json')
        ? response.json()
        : null) as T,
    };
  };
  const upload = async (
    caseId: string,
    query: Record<string, string>,
    body: Buffer,
    contentType: string | null,
    headers = t.auth('supervisor'),
  ) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/files?${new URLSearchParams(query)}`,
      headers: { ...headers, ...(contentType ? { 'content-type': contentType } : {}) },
      payload: body,
    });
    return { status: response.statusCode, body: response.json<CaseFile & { message: string }>() };
  };
  const newCase = async (code: string) =>
    (await call<CaseDetail>('POST', '/api/cases', { code, title: `Case ${code}` })).body;
  const getCase = async (id: string) => (await call<CaseDetail>('GET', `/api/cases/${id}`)).body;
  const trail = async (id: string) => (await call<AuditEntry[]>('GET', `/api/cases/${id}/audit`)).body;
  const newTask = async () =>
    (
      await call<Task>(
        'POST',
        '/api/tasks',
        { category: 'street-vending', priority: 'normal', location: CELL_CENTRES.a1 },
        t.auth('operator'),
      )
    ).body;
  /** A recording that ended `daysAgo`, saying what it proves (so it may join a case). */
  const describedRecording = async (daysAgo: number, extra: object = {}) => {
    const seeded = await seedRecording(t, pool, {
      deviceId: patrol.deviceId,
      officerId: patrol.officerId,
      startedAt: new Date(Date.now() - daysAgo * DAY_MS),
    });
    const described = await call('PATCH', `/api/recordings/${seeded.id}`, {
      stage: 'inspection',
      purpose: 'The stall blocks the pavement',
      ...extra,
    });
    expect(described.status).toBe(200);
    return seeded;
  };
  const detach = (caseId: string, what: string, reason?: string) =>
    call('POST', `/api/cases/${caseId}/${what}/detach`, reason === undefined ? {} : { reason });
  const runRetention = async () =>
    (await call<RetentionRun>('POST', '/api/recordings/retention/run', undefined, t.auth('administrator')))
      .body;
  const incoming = () =>
    fs.existsSync(t.config.cases.filesDir)
      ? fs.readdirSync(t.config.cases.filesDir).filter((name) => name.startsWith('.incoming-'))
      : [];

  beforeAll(async () => {
    t = await createTestApp({
      CASE_FILE_MAX_BYTES: String(MAX_BYTES),
      RECORDING_RETENTION_DAYS: '183',
      RECORDING_RETENTION_GRACE_DAYS: '7',
      RECORDING_RETENTION_CHECK_MINUTES: 'off',
      RECORDING_VERIFY_EVERY_MINUTES: 'off',
    });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    pool = new pg.Pool({ connectionString: t.databaseUrl });
    patrol = await createPatrolFixture(t);
  });
  afterAll(async () => {
    await pool?.end();
    await t?.close();
  });

  describe('photos and documents', () => {
    let caseId: string;
    let photo: CaseFile;
    let notice: CaseFile;

    beforeAll(async () => {
      caseId = (await newCase('XZCF-2026-0301')).id;
    });

    it('adds a photo and a document and lists them in the case file', async () => {
      const added = await upload(
        caseId,
        { kind: 'photo', name: 'stall.png', description: 'The stall at 08:10' },
        PNG,
        'image/png',
      );
      expect(added.status).toBe(201);
      photo = added.body;
      expect(photo).toMatchObject({
        caseId,
        kind: 'photo',
        name: 'stall.png',
        contentType: 'image/png',
        bytes: PNG.length,
        sha256: sha256Hex(PNG),
        description: 'The stall at 08:10',
        addedBy: { userId: t.userIds.supervisor, name: 'Test supervisor' },
      });
      const document = await upload(caseId, { kind: 'document', name: NOTICE }, PDF, 'application/pdf');
      expect(document.status).toBe(201);
      notice = document.body;

      const detail = await getCase(caseId);
      expect(detail.fileCount).toBe(2);
      expect(detail.files.map((file) => [file.kind, file.name, file.sha256])).toEqual([
        ['photo', 'stall.png', sha256Hex(PNG)],
        ['document', NOTICE, sha256Hex(PDF)],
      ]);
      expect((await call<{ code: string; fileCount: number }[]>('GET', '/api/cases')).body).toContainEqual(
        expect.objectContaining({ code: 'XZCF-2026-0301', fileCount: 2, status: 'open', closedAt: null }),
      );
      expect(await trail(caseId)).toContainEqual(
        expect.objectContaining({
          action: 'case.file-added',
          actor: 'test-supervisor',
          details: expect.objectContaining({ fileId: notice.id, name: NOTICE, sha256: sha256Hex(PDF) }),
        }),
      );
    });

    it('serves a file back with its name, and audits who downloaded what from where', async () => {
      const response = await t.app.inject({
        url: `/api/cases/${caseId}/files/${notice.id}`,
        headers: t.auth('administrator'),
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="______ (2026).pdf"; filename*=UTF-8''${encodeURIComponent('现场检查笔录 ')}%282026%29.pdf`,
      );
      expect(sha256Hex(response.rawPayload)).toBe(sha256Hex(PDF));
      const downloads = (await trail(caseId)).filter((entry) => entry.action === 'case.file-downloaded');
      expect(downloads).toEqual([
        expect.objectContaining({
          actor: 'test-administrator',
          ip: '127.0.0.1',
          details: expect.objectContaining({ fileId: notice.id, name: NOTICE, bytes: PDF.length }),
        }),
      ]);
      // Operators do not read case files; a file of another case is not found through this one.
      expect(
        (await t.app.inject({ url: `/api/cases/${caseId}/files/${notice.id}`, headers: t.auth('operator') }))
          .statusCode,
      ).toBe(403);
      const other = await newCase('XZCF-2026-0302');
      expect((await call('GET', `/api/cases/${other.id}/files/${notice.id}`)).status).toBe(404);
    });

    it('shows a photo inline, audited once per person and window however often a page shows it', async () => {
      const viewsBefore = (await trail(caseId)).filter((entry) => entry.action === 'case.file-viewed');
      const downloadsBefore = (await trail(caseId)).filter(
        (entry) => entry.action === 'case.file-downloaded',
      );
      for (let i = 0; i < 3; i += 1) {
        const response = await t.app.inject({
          url: `/api/cases/${caseId}/files/${notice.id}?view=true`,
          headers: t.auth('supervisor'),
        });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-disposition']).toMatch(/^inline; /);
      }
      const entries = await trail(caseId);
      const views = entries.filter((entry) => entry.action === 'case.file-viewed');
      expect(views.length - viewsBefore.length).toBe(1);
      expect(views.at(-1)).toEqual(
        expect.objectContaining({
          actor: 'test-supervisor',
          details: expect.objectContaining({ fileId: notice.id, windowMinutes: 10 }),
        }),
      );
      // Views are not downloads; an explicit download is still a row every time.
      expect(entries.filter((entry) => entry.action === 'case.file-downloaded')).toHaveLength(
        downloadsBefore.length,
      );
      expect(
        (
          await t.app.inject({
            url: `/api/cases/${caseId}/files/${notice.id}?view=maybe`,
            headers: t.auth('supervisor'),
          })
        ).statusCode,
      ).toBe(400);
    });

    it('stores the same bytes once, whichever case they are added to', async () => {
      const other = await newCase('XZCF-2026-0303');
      expect((await upload(other.id, { kind: 'photo', name: 'copy.png' }, PNG, 'image/png')).status).toBe(
        201,
      );
      const stored = fs
        .readdirSync(t.config.cases.filesDir, { recursive: true })
        .map(String)
        .filter((name) => name.endsWith(sha256Hex(PNG)));
      expect(stored).toHaveLength(1);
    });

    it('refuses what a case may not hold, saying why, and writes nothing', async () => {
      const refusals: [Record<string, string>, Buffer, string | null, number, string][] = [
        [{ kind: 'photo', name: 'a.pdf' }, PDF, 'application/pdf', 415, 'image/jpeg, image/png, image/webp'],
        [{ kind: 'document', name: 'a.zip' }, PDF, 'application/zip', 415, 'application/pdf, text/plain'],
        [{ kind: 'document', name: 'a.pdf' }, PDF, null, 415, 'was sent without a Content-Type'],
        [{ kind: 'photo', name: 'a.png' }, PDF, 'image/png', 415, 'is not a PNG image'],
        [
          { kind: 'document', name: 'big.pdf' },
          Buffer.alloc(MAX_BYTES + 1, 0x25),
          'application/pdf',
          413,
          'at most 0.2 MB',
        ],
        [{ kind: 'document', name: 'notes/a.txt' }, Buffer.from('x'), 'text/plain', 400, 'not a file name'],
        [{ kind: 'document', name: '  ' }, Buffer.from('x'), 'text/plain', 400, 'not a file name'],
        [{ kind: 'document', name: 'empty.txt' }, Buffer.alloc(0), 'text/plain', 400, 'empty'],
        [{ kind: 'video', name: 'a.mp4' }, PDF, 'video/mp4', 400, 'kind'],
        [{ kind: 'photo' }, PNG, 'image/png', 400, 'missing field "name"'],
      ];
      for (const [query, body, type, status, message] of refusals) {
        const refused = await upload(caseId, query, body, type);
        expect(refused.status, JSON.stringify(query)).toBe(status);
        expect(refused.body.message).toContain(message);
      }
      expect((await getCase(caseId)).fileCount).toBe(2);
      expect((await trail(caseId)).filter((entry) => entry.action === 'case.file-added')).toHaveLength(2);
      expect(incoming()).toEqual([]);
    });

    it('refuses a file sent without a length once it grows past the limit, over a real connection', async () => {
      const chunks = Array.from({ length: 30 }, () => Buffer.alloc(10_000, 0x41));
      const response = await fetch(`${base}/api/cases/${caseId}/files?kind=document&name=endless.txt`, {
        method: 'POST',
        headers: { ...t.auth('supervisor'), 'content-type': 'text/plain' },
        body: Readable.toWeb(Readable.from(chunks)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { message: string }).message).toContain('at most 0.2 MB');
      expect((await getCase(caseId)).fileCount).toBe(2);
      expect(incoming()).toEqual([]);
    });

    it('detaches a file only with a reason; its bytes stay, it leaves the case', async () => {
      expect((await detach(caseId, `files/${photo.id}`)).status).toBe(400);
      const blank = await detach(caseId, `files/${photo.id}`, '   ');
      expect(blank.status).toBe(400);
      expect(blank.body.message).toContain('Give a reason');

      const detached = await detach(caseId, `files/${photo.id}`, 'Photo of the wrong stall');
      expect(detached.status).toBe(204);
      const detail = await getCase(caseId);
      expect(detail.files.map((file) => file.id)).toEqual([notice.id]);
      expect(detail.fileCount).toBe(1);
      expect(fs.existsSync(`${t.config.cases.filesDir}/${photo.sha256.slice(0, 2)}/${photo.sha256}`)).toBe(
        true,
      );
      expect(await trail(caseId)).toContainEqual(
        expect.objectContaining({
          action: 'case.file-detached',
          details: expect.objectContaining({ fileId: photo.id, reason: 'Photo of the wrong stall' }),
        }),
      );
      const gone = await call('GET', `/api/cases/${caseId}/files/${photo.id}`);
      expect(gone.status).toBe(404);
      expect(gone.body.message).toContain('was detached');
      expect((await detach(caseId, `files/${photo.id}`, 'again')).status).toBe(404);
    });
  });

  describe('closing and reopening', () => {
    let caseId: string;
    let task: Task;
    let recording: SeededRecording;
    let notice: CaseFile;

    beforeAll(async () => {
      caseId = (await newCase('XZCF-2026-0310')).id;
      task = await newTask();
      recording = await describedRecording(1);
      expect((await call('POST', `/api/cases/${caseId}/tasks`, { taskId: task.id })).status).toBe(200);
      notice = (await upload(caseId, { kind: 'document', name: 'notice.pdf' }, PDF, 'application/pdf')).body;
    });

    it('closes a case, which then refuses every change with 409 until reopened', async () => {
      expect((await call('POST', `/api/cases/${caseId}/close`, { reason: 'Fine paid' })).status).toBe(204);
      const closed = await getCase(caseId);
      expect(closed.status).toBe('closed');
      expect(Date.parse(closed.closedAt!)).toBeGreaterThan(Date.now() - 60_000);

      const refusals = [
        await call('POST', `/api/cases/${caseId}/tasks`, { taskId: (await newTask()).id }),
        await call('POST', `/api/cases/${caseId}/recordings`, { recordingId: recording.id }),
        await detach(caseId, `tasks/${task.id}`, 'wrong task'),
        await detach(caseId, `files/${notice.id}`, 'wrong file'),
        await upload(caseId, { kind: 'photo', name: 'late.png' }, PNG, 'image/png'),
      ];
      for (const refused of refusals) {
        expect(refused.status).toBe(409);
        expect(refused.body.message).toBe('Case XZCF-2026-0310 is closed; reopen it first.');
      }
      const after = await getCase(caseId);
      expect([after.taskCount, after.recordingCount, after.fileCount]).toEqual([1, 0, 1]);
      expect((await call('POST', `/api/cases/${caseId}/close`, {})).status).toBe(409);
      // Closing needs no reason, nor even a body.
      const bare = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/close`,
        headers: t.auth('supervisor'),
      });
      expect(bare.json().message).toBe('Case XZCF-2026-0310 is closed already.');
      // A closed case is still read, downloaded, exported and put under legal hold.
      expect((await call('GET', `/api/cases/${caseId}/files/${notice.id}`)).status).toBe(200);
      expect((await call('POST', `/api/cases/${caseId}/export`)).status).toBe(200);
      const held = await call<CaseDetail>('PUT', `/api/cases/${caseId}/legal-hold`, {
        legalHold: true,
        reason: 'Appeal expected',
      });
      expect(held.body).toMatchObject({ status: 'closed', legalHold: true });
      await call('PUT', `/api/cases/${caseId}/legal-hold`, { legalHold: false });
    });

    it('reopens a case only with a reason, and keeps both in the audit trail', async () => {
      expect((await call('POST', `/api/cases/${caseId}/reopen`, {})).status).toBe(400);
      const blank = await call('POST', `/api/cases/${caseId}/reopen`, { reason: ' ' });
      expect(blank.status).toBe(400);
      expect(blank.body.message).toContain('Give a reason');
      expect(
        (await call('POST', `/api/cases/${caseId}/reopen`, { reason: 'Appeal filed' }, t.auth('operator')))
          .status,
      ).toBe(403);
      expect((await call('POST', `/api/cases/${caseId}/reopen`, { reason: 'Appeal filed' })).status).toBe(
        204,
      );
      expect(await getCase(caseId)).toMatchObject({ status: 'open', closedAt: null });
      expect((await call('POST', `/api/cases/${caseId}/reopen`, { reason: 'again' })).status).toBe(409);
      expect(
        (await call('POST', `/api/cases/${caseId}/recordings`, { recordingId: recording.id })).status,
      ).toBe(200);

      const history = (await trail(caseId))
        .filter((entry) => entry.action === 'case.closed' || entry.action === 'case.reopened')
        .map((entry) => [entry.action, entry.actor, entry.details.reason]);
      expect(history).toEqual([
        ['case.closed', 'test-supervisor', 'Fine paid'],
        ['case.reopened', 'test-supervisor', 'Appeal filed'],
      ]);
    });

    it('refuses to detach anything from a case under legal hold', async () => {
      await call('PUT', `/api/cases/${caseId}/legal-hold`, { legalHold: true, reason: 'Hearing 2026-12-10' });
      for (const what of [`tasks/${task.id}`, `recordings/${recording.id}`, `files/${notice.id}`]) {
        const refused = await detach(caseId, what, 'tidying up');
        expect(refused.status, what).toBe(409);
        expect(refused.body.message).toContain('under legal hold (Hearing 2026-12-10)');
      }
      expect(await getCase(caseId)).toMatchObject({ taskCount: 1, recordingCount: 1, fileCount: 1 });
      await call('PUT', `/api/cases/${caseId}/legal-hold`, { legalHold: false });
      expect((await detach(caseId, `tasks/${task.id}`, 'Belongs to another matter')).status).toBe(204);
      expect((await detach(caseId, `tasks/${task.id}`, 'again')).status).toBe(404);
      expect((await getCase(caseId)).tasks).toEqual([]);
      expect(await trail(caseId)).toContainEqual(
        expect.objectContaining({
          action: 'case.task-detached',
          details: { code: 'XZCF-2026-0310', taskId: task.id, reason: 'Belongs to another matter' },
        }),
      );
    });
  });

  it('returns a recording detached from its case to normal retention, unless it is marked', async () => {
    const caseId = (await newCase('XZCF-2026-0320')).id;
    const plain = await describedRecording(200);
    const marked = await describedRecording(200, { marked: true });
    for (const recording of [plain, marked])
      expect(
        (await call('POST', `/api/cases/${caseId}/recordings`, { recordingId: recording.id })).status,
      ).toBe(200);
    expect((await runRetention()).deleted).toEqual([]);

    for (const recording of [plain, marked])
      expect((await detach(caseId, `recordings/${recording.id}`, 'Not this matter')).status).toBe(204);
    expect((await getCase(caseId)).recordings).toEqual([]);
    // Detached, its officer may describe it again (it is no longer part of a case file).
    const officer = await signInOfficer(t, patrol.officerId, 'officer-case-files');
    expect(
      (await call('PATCH', `/api/recordings/${plain.id}`, { purpose: 'Stall moved on' }, officer)).status,
    ).toBe(200);

    const run = await runRetention();
    expect(run.deleted.map((entry) => entry.recordingId)).toEqual([plain.id]);
    for (const file of plain.files) expect(fs.existsSync(file)).toBe(false);
    for (const file of marked.files) expect(fs.existsSync(file)).toBe(true);
  });

  describe('evidence package with files', () => {
    let caseId: string;
    let packageFile: string;
    let manifest: Manifest;
    let noticePath: string;

    beforeAll(async () => {
      caseId = (await newCase('XZCF-2026-0330')).id;
      const recording = await describedRecording(2);
      await call('POST', `/api/cases/${caseId}/recordings`, { recordingId: recording.id });
      const photo = (await upload(caseId, { kind: 'photo', name: 'stall.png' }, PNG, 'image/png')).body;
      const notice = (await upload(caseId, { kind: 'document', name: NOTICE }, PDF, 'application/pdf')).body;
      const dropped = (
        await upload(caseId, { kind: 'document', name: 'draft.txt' }, Buffer.from('draft\n'), 'text/plain')
      ).body;
      await detach(caseId, `files/${dropped.id}`, 'A draft, superseded');
      noticePath = `files/${notice.id}/${NOTICE}`;

      const exported = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/export`,
        headers: t.auth('supervisor'),
      });
      expect(exported.statusCode).toBe(200);
      packageFile = `${t.config.dataDir}/case-files-package.zip`;
      fs.writeFileSync(packageFile, exported.rawPayload);
      manifest = JSON.parse((await readEntry(packageFile, 'manifest.json')).toString('utf8')) as Manifest;
      expect(manifest.caseFiles!.map((file) => [file.id, file.file])).toEqual([
        [photo.id, `files/${photo.id}/stall.png`],
        [notice.id, noticePath],
      ]);
    });

    it('carries the case files (not the detached one), hashed in the signed manifest', async () => {
      const names = [...(await entries(packageFile)).keys()];
      expect(names).toContain(noticePath);
      expect(names.filter((name) => name.startsWith('files/'))).toHaveLength(2);
      expect(manifest.files).toContainEqual({ path: noticePath, sha256: sha256Hex(PDF), bytes: PDF.length });
      expect(sha256Hex(await readEntry(packageFile, noticePath))).toBe(sha256Hex(PDF));
      const caseJson = JSON.parse((await readEntry(packageFile, 'case.json')).toString('utf8')) as CaseDetail;
      expect(caseJson.files.map((file) => file.name)).toEqual(['stall.png', NOTICE]);

      const result = await npmVerify(packageFile);
      expect(result.output).toContain('VERIFIED');
      expect(result.code).toBe(0);
    }, 60_000);

    it('fails verification naming the document in which one byte was flipped', async () => {
      const where = (await entries(packageFile)).get(noticePath)!;
      expect(where.method).toBe(0); // stored as is
      const raw = fs.readFileSync(packageFile);
      raw[where.dataOffset + 3]! ^= 0x01;
      const tampered = `${t.config.dataDir}/case-files-tampered.zip`;
      fs.writeFileSync(tampered, raw);
      const result = await npmVerify(tampered);
      expect(result.code).toBe(1);
      expect(result.output).toContain(`FAIL ${noticePath}: altered`);
      expect(result.output).toContain('NOT VERIFIED: 1 problem(s)');
    }, 60_000);

    it('refuses to export a case whose stored file no longer matches its hash, naming it', async () => {
      const other = (await newCase('XZCF-2026-0331')).id;
      const text = Buffer.from('Statement of the vendor, signed\n');
      const statement = (await upload(other, { kind: 'document', name: 'statement.txt' }, text, 'text/plain'))
        .body;
      const stored = `${t.config.cases.filesDir}/${statement.sha256.slice(0, 2)}/${statement.sha256}`;
      fs.writeFileSync(stored, Buffer.from('Statement of the vendor, unsigned\n'));
      const refused = await call('POST', `/api/cases/${other}/export`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain(`File statement.txt (${statement.id}) of case XZCF-2026-0331`);
    });
  });
});
