// RTMP stream keys for body cameras that push RTMP, and fixed cameras pulled by RTSP.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CameraPlacementBody,
  FixedCamera,
  FixedCameraBody,
  FixedCameraList,
  Id,
  StreamKeyIssued,
} from '@fcc/shared';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';
import { STAFF_ROLES } from '../auth/principal';

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

  app.get(
    '/media/cameras',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['media'],
        summary: 'Fixed cameras pulled by RTSP, with where each pull stands (and why it failed)',
        response: { 200: FixedCameraList },
      },
    },
    async () => ingest.listCameras(),
  );
  app.put(
    '/media/cameras/:deviceId',
    {
      config: { access: ['administrator'] },
      schema: {
        tags: ['media'],
        summary: 'Register or change a fixed camera’s RTSP URL and location (and where it looks)',
        description:
          'The device must be of kind "fixed_camera". The server pulls it only while someone watches ' +
          '(POST /api/media/devices/:id/stream-request, then WHEP) or while it records continuously. ' +
          'bearing, fov and rangeMetres left out keep their values (a new camera: no bearing, 60°, 80 m).',
        params: DeviceParams,
        body: FixedCameraBody,
        response: { 200: FixedCamera },
      },
    },
    async (request) => ingest.setCamera(actorOf(request), request.params.deviceId, request.body),
  );
  app.patch(
    '/media/cameras/:deviceId',
    {
      config: { access: ['administrator'] },
      schema: {
        tags: ['media'],
        summary: 'Move or turn a registered fixed camera (location, bearing, field of view, range)',
        description:
          'Only the fields sent change; bearing null means the direction is not known. The pull, if ' +
          'any, goes on. Dashboards on /live get camera:changed.',
        params: DeviceParams,
        body: CameraPlacementBody,
        response: { 200: FixedCamera },
      },
    },
    async (request) => ingest.placeCamera(actorOf(request), request.params.deviceId, request.body),
  );
  app.delete(
    '/media/cameras/:deviceId',
    {
      config: { access: ['administrator'] },
      schema: {
        tags: ['media'],
        summary: 'Stop pulling a fixed camera and forget its RTSP URL',
        params: DeviceParams,
      },
    },
    async (request, reply) => {
      await ingest.removeCamera(actorOf(request), request.params.deviceId);
      return reply.status(204).send();
    },
  );
};
