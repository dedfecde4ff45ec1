// Grid areas and cells as GeoJSON, bulk generation, and the grid file (import/export);
// administrators change them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  GridAreaCollection,
  GridAreaCreateBody,
  GridCellCollection,
  GridCellCreateBody,
  GridCellUpdateBody,
  GridFile,
  GridGenerateBody,
  GridGenerateResult,
  GridImportRejection,
  GridImportResult,
  IdParams,
  ROLES,
} from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';
import { STAFF_ROLES } from '../auth/principal';

const ADMIN = ['administrator'] as const;
const Created = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** A city's grid file runs to megabytes, well past the limit that suits every other body. */
const GRID_FILE_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

export const gridsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  // What GET /export sends is what POST /import reads, whichever JSON media type it arrives as.
  app.addContentTypeParser(
    'application/geo+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

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

  app.post(
    '/generate',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['grids'],
        summary: 'Generate a regular grid of cells over a rectangle or a polygon',
        body: GridGenerateBody,
        response: { 201: GridGenerateResult },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.grids.generate(actorOf(request), request.body)),
  );

  app.post(
    '/import',
    {
      config: { access: ADMIN },
      bodyLimit: GRID_FILE_BODY_LIMIT_BYTES,
      schema: {
        tags: ['grids'],
        summary: 'Import areas and cells from a grid file; all of it, or nothing and every problem listed',
        body: GridFile,
        response: { 201: GridImportResult, 400: GridImportRejection },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.grids.importFile(actorOf(request), request.body)),
  );

  app.get(
    '/export',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['grids'],
        summary: 'Every area and cell as a grid file (the format POST /import reads), as a download',
        response: { 200: GridFile },
      },
    },
    async (_request, reply) => {
      const file = await services.grids.exportFile();
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('application/geo+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="grids-${day}.geojson"`)
        .send(file);
    },
  );
};
