// Recordings: list (officer, device, time range), one with its segment index, integrity
// verification, a playlist from a moment on, segment files with HTTP Range; describing a
// recording, the "to complete" queue, and a retention run on demand.
import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AuditEntry,
  IdParams,
  PlaylistQuery,
  RangeExportBody,
  RecordingDetail,
  RecordingList,
  RecordingPlaylist,
  RecordingQuery,
  Recording,
  RecordingDescribeBody,
  RecordingVerification,
  RetentionRun,
  ToCompleteQuery,
} from '@fcc/shared';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';
import { parseRange } from './byte-range';

/** Officers see their own recordings; supervisors and administrators all of them. */
const READERS = ['administrator', 'supervisor', 'officer'] as const;
const SegmentParams = Type.Object(
  { id: Type.String({ format: 'uuid' }), seq: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

const SegmentFileQuery = Type.Object(
  {
    download: Type.Optional(
      Type.Boolean({ description: 'A copy to keep: served as an attachment and audited as a download' }),
    ),
  },
  { additionalProperties: false },
);

export const recordingsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const recordings = services.recordings;

  app.get(
    '/recordings',
    {
      config: { access: READERS },
      schema: {
        tags: ['recordings'],
        summary: 'Recordings by officer, device and time range, newest first (officers: their own)',
        querystring: RecordingQuery,
        response: { 200: RecordingList },
      },
    },
    async (request) => recordings.list(requireUser(request), request.query),
  );

  app.get(
    '/recordings/to-complete',
    {
      config: { access: READERS },
      schema: {
        tags: ['recordings'],
        summary:
          'Recordings still missing who recorded, the stage or what they prove, newest first (officers: their own; supervisors: all)',
        querystring: ToCompleteQuery,
        response: { 200: RecordingList },
      },
    },
    async (request) => services.recordingMetadata.toComplete(requireUser(request), request.query),
  );

  app.patch(
    '/recordings/:id',
    {
      config: { access: READERS },
      schema: {
        tags: ['recordings'],
        summary:
          'Describe a recording: stage, what it proves, linked tasks, marked important (its officer, supervisors, administrators); audited',
        params: IdParams,
        body: RecordingDescribeBody,
        response: { 200: Recording },
      },
    },
    async (request) =>
      services.recordingMetadata.describe(requireUser(request), request.params.id, request.body, request.ip),
  );

  app.post(
    '/recordings/retention/run',
    {
      config: { access: ['administrator'] },
      schema: {
        tags: ['recordings'],
        summary:
          'Run the retention job now: deletes the media of expired, unmarked, unattached, unheld recordings past the grace period; audited',
        response: { 200: RetentionRun },
      },
    },
    async () => services.recordingRetention.run(),
  );

  app.post(
    '/recordings/export',
    {
      config: { access: ['administrator', 'supervisor'] },
      schema: {
        tags: ['recordings'],
        summary:
          "An officer's or a device's time range as a signed evidence package (zip: the segments overlapping it, the track as GPX and GeoJSON, task timelines, manifest with hashes and chains, Ed25519 signature); audited. Check it with `npm run verify -- package.zip`",
        body: RangeExportBody,
      },
    },
    async (request, reply) => {
      const exported = await services.evidence.exportRange(requireUser(request), request.body, request.ip);
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
    '/recordings/:id',
    {
      config: { access: READERS },
      schema: {
        tags: ['recordings'],
        summary: 'One recording with its segment index (hashes, chain, gaps)',
        params: IdParams,
        response: { 200: RecordingDetail },
      },
    },
    async (request) => recordings.get(requireUser(request), request.params.id),
  );

  app.get(
    '/recordings/:id/audit',
    {
      config: { access: ['administrator', 'supervisor'] },
      schema: {
        tags: ['recordings'],
        summary:
          "The recording's audit trail, oldest first: described, verified, played, media viewed and downloaded, attached, exported",
        params: IdParams,
        response: { 200: Type.Array(AuditEntry) },
      },
    },
    async (request) => {
      await recordings.get(requireUser(request), request.params.id); // 404 for an unknown recording
      return services.audit.forTarget('recording', request.params.id);
    },
  );

  app.post(
    '/recordings/:id/verify',
    {
      config: { access: READERS },
      schema: {
        tags: ['recordings'],
        summary: 'Re-hash every segment file and walk the chain; reports the first broken link',
        params: IdParams,
        response: { 200: RecordingVerification },
      },
    },
    async (request) => recordings.verify(requireUser(request), request.params.id, request.ip),
  );

  app.get(
    '/recordings/:id/playlist',
    {
      config: { access: READERS },
      schema: {
        tags: ['recordings'],
        summary: 'The segments to play from a moment on (JSON playlist), written to the audit log',
        params: IdParams,
        querystring: PlaylistQuery,
        response: { 200: RecordingPlaylist },
      },
    },
    async (request) =>
      recordings.playlist(
        requireUser(request),
        request.params.id,
        request.query.from,
        request.ip,
        request.query.limit,
      ),
  );

  app.get(
    '/recordings/:id/segments/:seq/file',
    {
      config: { access: READERS },
      schema: {
        tags: ['recordings'],
        summary:
          'A segment file (WebM or Matroska); HTTP Range supported. Audited: one row per person, recording and address per 10 minutes of viewing; every download (?download=true)',
        params: SegmentParams,
        querystring: SegmentFileQuery,
      },
    },
    async (request, reply) => {
      const download = request.query.download === true;
      const segment = await recordings.segmentFile(
        requireUser(request),
        request.params.id,
        request.params.seq,
        {
          ip: request.ip,
          range: request.headers.range ?? null,
          download,
        },
      );
      if (download) {
        const name = `${request.params.id}-${request.params.seq}.${segment.file.endsWith('.mkv') ? 'mkv' : 'webm'}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
      }
      const range = parseRange(request.headers.range, segment.bytes);
      reply.header('accept-ranges', 'bytes').header('content-type', segment.contentType);
      if (range.kind === 'unsatisfiable') {
        return reply.status(416).header('content-range', `bytes */${segment.bytes}`).send();
      }
      if (range.kind === 'whole') {
        return reply.header('content-length', segment.bytes).send(fs.createReadStream(segment.file));
      }
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${segment.bytes}`)
        .header('content-length', range.end - range.start + 1)
        .send(fs.createReadStream(segment.file, { start: range.start, end: range.end }));
    },
  );
};
