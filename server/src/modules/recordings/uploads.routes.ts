// tus endpoints for device uploads (see device-uploads.ts): POST /api/uploads creates an upload,
// HEAD /api/uploads/:id tells its offset, PATCH appends, DELETE abandons it. Authenticated by the
// device token; the tus server answers (plain-text messages, as the tus protocol does). There is
// no GET: an upload is read back only as a recording once it is indexed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services';
import { requireDevice } from '../auth/access-control';

export const uploadsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  // The tus server reads PATCH bodies itself, streamed to disk: Fastify must not touch them.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  const toTus = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    await services.deviceUploads.handle(requireDevice(request), request.ip, request.raw, reply.raw);
  };
  const schema = (summary: string) => ({ tags: ['recordings'], summary, hide: false });

  app.post(
    '/uploads',
    {
      config: { access: 'device' },
      schema: schema(
        'tus: create an upload of a file the device recorded (Upload-Length; Upload-Metadata: startedAt, durationSeconds, sha256, optional officerId, filename)',
      ),
    },
    toTus,
  );
  app.route({
    method: ['HEAD', 'PATCH', 'DELETE'],
    url: '/uploads/:uploadId',
    config: { access: 'device' },
    schema: schema(
      'tus: HEAD for the offset to resume from, PATCH to append (the last byte indexes the recording), DELETE to abandon',
    ),
    handler: toTus,
  });
};
