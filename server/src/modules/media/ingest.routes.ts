// RTMP stream keys for body cameras that push RTMP (and, below, fixed cameras pulled by RTSP).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Id, StreamKeyIssued } from '@fcc/shared';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';

const DeviceParams = Type.Object({ deviceId: Id }, { additionalProperties: false });

export const ingestRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const ingest = services.mediaIngest;
  const actorOf = (request: Parameters<typeof requireUser>[0]) => ({
    principal: requireUser(request),
    ip: request.ip,
  });

  app.post(
    '/media/devices/:deviceId/stream-key',
    {
      config: { access: ['administrator'] },
      schema: {
        tags: ['media'],
        summary: 'Issue the device’s RTMP stream key (replaces any previous one; shown once)',
        description:
          'The camera pushes to the answered rtmpUrl (rtmp://<server>:<RTMP_PORT>/live/<key>). ' +
          'The host in it is the one this request was sent to.',
        params: DeviceParams,
        response: { 201: StreamKeyIssued },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await ingest.issueStreamKey(
            actorOf(request),
            request.params.deviceId,
            request.hostname.replace(/:\d+$/, ''),
          ),
        ),
  );
  app.delete(
    '/media/devices/:deviceId/stream-key',
    {
      config: { access: ['administrator'] },
      schema: {
        tags: ['media'],
        summary: 'Revoke the device’s RTMP stream key (its RTMP pushes are refused from then on)',
        params: DeviceParams,
      },
    },
    async (request, reply) => {
      await ingest.revokeStreamKey(actorOf(request), request.params.deviceId);
      return reply.status(204).send();
    },
  );
};
