// Cases (one case, one file): create, list, read the whole file, attach tasks and recordings,
// legal hold, export as a signed evidence package. Supervisors and administrators only: a case
// file is their review material. The evidence key's public half is public.
import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CaseAttachRecordingBody,
  CaseAttachTaskBody,
  CaseCreateBody,
  CaseDetail,
  CaseHoldBody,
  CaseList,
  EvidenceKey,
  IdParams,
} from '@fcc/shared';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';

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
