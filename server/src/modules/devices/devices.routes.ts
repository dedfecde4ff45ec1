// The fleet (staff) and a device's view of itself (device token).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Device,
  DeviceCreateBody,
  DeviceSelf,
  DeviceTokenIssued,
  DeviceUpdateBody,
  IdParams,
} from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { requireDevice, requireUser } from '../auth/access-control';
import { STAFF_ROLES } from '../auth/principal';

const ADMIN = ['administrator'] as const;

export const devicesRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const actorOf = (request: Parameters<typeof requireUser>[0]) => ({
    principal: requireUser(request),
    ip: request.ip,
  });

  app.get(
    '/devices',
    { config: { access: STAFF_ROLES }, schema: { tags: ['devices'], response: { 200: Type.Array(Device) } } },
    () => services.devices.list(),
  );

  app.post(
    '/devices',
    {
      config: { access: ADMIN },
      schema: { tags: ['devices'], body: DeviceCreateBody, response: { 201: Device } },
    },
    async (request, reply) =>
      reply.status(201).send(await services.devices.create(actorOf(request), request.body)),
  );

  app.patch(
    '/devices/:id',
    {
      config: { access: ADMIN },
      schema: { tags: ['devices'], params: IdParams, body: DeviceUpdateBody, response: { 200: Device } },
    },
    (request) => services.devices.update(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/devices/:id/token',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['devices'],
        summary: 'Issue the device API token (replaces any previous one; shown once)',
        params: IdParams,
        response: { 201: DeviceTokenIssued },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.devices.issueToken(actorOf(request), request.params.id)),
  );

  app.delete(
    '/devices/:id/token',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['devices'],
        summary: 'Revoke the device API token',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.devices.revokeToken(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/device/self',
    {
      config: { access: 'device' },
      schema: {
        tags: ['devices'],
        summary: 'The calling device and its officer',
        response: { 200: DeviceSelf },
      },
    },
    (request) => services.devices.self(requireDevice(request)),
  );
};
