// Grid areas and cells as GeoJSON; administrators change them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  GridAreaCollection,
  GridAreaCreateBody,
  GridCellCollection,
  GridCellCreateBody,
  GridCellUpdateBody,
  IdParams,
  ROLES,
} from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';

const ADMIN = ['administrator'] as const;
const Created = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const gridsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const actorOf = (request: Parameters<typeof requireUser>[0]) => ({
    principal: requireUser(request),
    ip: request.ip,
  });

  app.get(
    '/areas',
    { config: { access: ROLES }, schema: { tags: ['grids'], response: { 200: GridAreaCollection } } },
    () => services.grids.areas(),
  );
  app.get(
    '/cells',
    { config: { access: ROLES }, schema: { tags: ['grids'], response: { 200: GridCellCollection } } },
    () => services.grids.cells(),
  );

  app.post(
    '/areas',
    {
      config: { access: ADMIN },
      schema: { tags: ['grids'], body: GridAreaCreateBody, response: { 201: Created } },
    },
    async (request, reply) =>
      reply.status(201).send(await services.grids.createArea(actorOf(request), request.body)),
  );
  app.post(
    '/cells',
    {
      config: { access: ADMIN },
      schema: { tags: ['grids'], body: GridCellCreateBody, response: { 201: Created } },
    },
    async (request, reply) =>
      reply.status(201).send(await services.grids.createCell(actorOf(request), request.body)),
  );
  app.patch(
    '/cells/:id',
    {
      config: { access: ADMIN },
      schema: { tags: ['grids'], params: IdParams, body: GridCellUpdateBody, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await services.grids.updateCell(actorOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/cells/:id',
    {
      config: { access: ADMIN },
      schema: { tags: ['grids'], params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await services.grids.deleteCell(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
