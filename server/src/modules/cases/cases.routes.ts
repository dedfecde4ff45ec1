// Cases (one case, one file): create, list, read the whole file, attach and detach tasks,
// recordings, photos and documents, legal hold, close and reopen, the audit trail, export as a
// signed evidence package. Supervisors and administrators only: a case file is their review
// material. The evidence key's public half is public.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AuditEntry,
  CASE_DOCUMENT_TYPES,
  CaseAttachRecordingBody,
  CaseAttachTaskBody,
  CaseCloseBody,
  CaseCreateBody,
  CaseDetachBody,
  CaseDetail,
  CaseFile,
  CaseFileParams,
  CaseFileViewQuery,
  CaseFileQuery,
  CaseHoldBody,
  CaseList,
  CaseRecordingParams,
  CaseReopenBody,
  CaseTaskParams,
  EvidenceKey,
  IdParams,
} from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';
import { mediaType } from './case-file-types';

const REVIEWERS = ['administrator', 'supervisor'] as const;

export const casesRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const cases = services.cases;

  app.get(
    '/cases',
    {
      config: { access: REVIEWERS },
      schema: { tags: ['cases'], summary: 'Cases, newest first', response: { 200: CaseList } },
    },
    async () => cases.list(),
  );

  app.post(
    '/cases',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary: 'Open a case (code, title, description); audited',
        body: CaseCreateBody,
        response: { 201: CaseDetail },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cases.create(requireUser(request), request.body, request.ip)),
  );

  app.get(
    '/cases/:id',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary: 'The case file: the case, its tasks and its recordings',
        params: IdParams,
        response: { 200: CaseDetail },
      },
    },
    async (request) => cases.get(request.params.id),
  );

  app.post(
    '/cases/:id/tasks',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary: 'Attach a task to the case; audited',
        params: IdParams,
        body: CaseAttachTaskBody,
        response: { 200: CaseDetail },
      },
    },
    async (request) =>
      cases.attachTask(requireUser(request), request.params.id, request.body.taskId, request.ip),
  );

  app.post(
    '/cases/:id/recordings',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary:
          'Attach a recording (it must say what it proves; one case per recording); it is then kept permanently; audited',
        params: IdParams,
        body: CaseAttachRecordingBody,
        response: { 200: CaseDetail },
      },
    },
    async (request) =>
      cases.attachRecording(requireUser(request), request.params.id, request.body.recordingId, request.ip),
  );

  app.put(
    '/cases/:id/legal-hold',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary:
          "Set or release legal hold: while held, recordings of the case's tasks are not deleted either; audited",
        params: IdParams,
        body: CaseHoldBody,
        response: { 200: CaseDetail },
      },
    },
    async (request) => cases.setHold(requireUser(request), request.params.id, request.body, request.ip),
  );

  const detach = (what: string) => ({
    tags: ['cases'],
    summary: `Detach ${what} from the case, with a reason (required); audited. 409 when the case is closed or under legal hold`,
    body: CaseDetachBody,
    response: { 204: Type.Null() },
  });

  app.post(
    '/cases/:id/tasks/:taskId/detach',
    { config: { access: REVIEWERS }, schema: { ...detach('a task'), params: CaseTaskParams } },
    async (request, reply) => {
      const { id, taskId } = request.params;
      await cases.detachTask(requireUser(request), id, taskId, request.body.reason, request.ip);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/recordings/:recordingId/detach',
    {
      config: { access: REVIEWERS },
      schema: {
        ...detach('a recording (retention then counts it from its end again, unless marked or held)'),
        params: CaseRecordingParams,
      },
    },
    async (request, reply) => {
      const { id, recordingId } = request.params;
      await cases.detachRecording(requireUser(request), id, recordingId, request.body.reason, request.ip);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/files/:fileId/detach',
    {
      config: { access: REVIEWERS },
      schema: {
        ...detach('a photo or document (its bytes are kept; it leaves the case and its export)'),
        params: CaseFileParams,
      },
    },
    async (request, reply) => {
      const { id, fileId } = request.params;
      await cases.detachFile(requireUser(request), id, fileId, request.body.reason, request.ip);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/close',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary: 'Close the case (optionally saying why): it then refuses changes until reopened; audited',
        params: IdParams,
        body: CaseCloseBody,
        response: { 204: Type.Null() },
      },
      // The reason is optional, so the body may be left out altogether.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      await cases.close(requireUser(request), request.params.id, request.body.reason, request.ip);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/reopen',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary: 'Reopen a closed case, with a reason (required); audited',
        params: IdParams,
        body: CaseReopenBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await cases.reopen(requireUser(request), request.params.id, request.body.reason, request.ip);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/cases/:id/audit',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary:
          "The case's audit trail, oldest first: created, attached, detached (with reasons), files added and downloaded, legal hold, closed and reopened, exported",
        params: IdParams,
        response: { 200: Type.Array(AuditEntry) },
      },
    },
    async (request) => cases.trail(request.params.id),
  );

  // Photos and documents arrive as the request body itself; this scope takes any type and the
  // service refuses what a case may not hold (415 naming the allowed types), before reading it.
  await app.register(async (scope) => {
    const uploads = scope.withTypeProvider<TypeBoxTypeProvider>();
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    uploads.post(
      '/cases/:id/files',
      {
        config: { access: REVIEWERS },
        schema: {
          tags: ['cases'],
          summary: `Add a photo or a document: the file itself as the body (${CASE_DOCUMENT_TYPES.join(', ')}; a photo an image); audited`,
          description:
            'At most CASE_FILE_MAX_BYTES (413 beyond). 415 for another type, or bytes that are not what the Content-Type says; 409 when the case is closed.',
          params: IdParams,
          querystring: CaseFileQuery,
          response: { 201: CaseFile },
        },
      },
      async (request, reply) => {
        const length = request.headers['content-length'];
        const saved = await cases.addFile(
          requireUser(request),
          request.params.id,
          {
            ...request.query,
            contentType: mediaType(request.headers['content-type']),
            declaredBytes: length === undefined ? null : Number(length),
          },
          request.body as Readable,
          request.ip,
        );
        request.log.info(
          { caseId: request.params.id, fileId: saved.id, bytes: saved.bytes },
          'case file added',
        );
        return reply.status(201).send(saved);
      },
    );
  });

  app.get(
    '/cases/:id/files/:fileId',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary:
          'Download a photo or document of the case (as an attachment, with its name), audited each time; with `view=true` shown inline (a thumbnail), audited once per person and file per 10 minutes',
        params: CaseFileParams,
        querystring: CaseFileViewQuery,
      },
    },
    async (request, reply) => {
      const { id, fileId } = request.params;
      const view = request.query.view === true;
      const file = await cases.download(requireUser(request), id, fileId, request.ip, { view });
      return reply
        .type(file.contentType)
        .header('content-length', file.bytes)
        .header('content-disposition', contentDisposition(file.name, view ? 'inline' : 'attachment'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(fs.createReadStream(file.file));
    },
  );

  app.post(
    '/cases/:id/export',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['cases'],
        summary:
          'The case as a signed evidence package (zip: media, tracks, task timelines, manifest with every hash and the segment chains, Ed25519 signature); audited. Check it offline with `npm run verify -- package.zip`',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const exported = await services.evidence.exportCase(
        requireUser(request),
        request.params.id,
        request.ip,
      );
      const stream = fs.createReadStream(exported.file);
      stream.on('close', () => fs.rm(exported.file, { force: true }, () => undefined));
      return reply
        .type('application/zip')
        .header('content-length', exported.bytes)
        .header('content-disposition', `attachment; filename="${exported.filename}"`)
        .header('x-manifest-sha256', exported.manifestSha256)
        .send(stream);
    },
  );

  app.get(
    '/evidence/public-key',
    {
      config: { access: 'public' },
      schema: {
        tags: ['cases'],
        summary: "The server's Ed25519 public key that signs evidence packages, and its fingerprint",
        response: { 200: EvidenceKey },
      },
    },
    async () => services.evidence.publicKey(),
  );
};

/** `attachment` with the name: an ASCII fallback for old clients and the UTF-8 name (RFC 6266). */
function contentDisposition(name: string, disposition: 'inline' | 'attachment'): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
