// Tracks (JSON and GPX) and "who was in this cell / polygon" for staff.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  GridPresenceQuery,
  IdParams,
  LivePosition,
  OfficerPresence,
  PolygonGeometry,
  Track,
  TrackQuery,
} from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { toGpx } from './gpx';
import { parseRange } from './tracks-service';
import { STAFF_ROLES } from '../auth/principal';

export const tracksRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/officers/:id/track',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['positions'],
        summary: "An officer's track: line simplified for the zoom, stops and distance",
        params: IdParams,
        querystring: TrackQuery,
        response: { 200: Track },
      },
    },
    (request) =>
      services.tracks.track(
        request.params.id,
        parseRange(request.query.from, request.query.to),
        request.query.zoom,
      ),
  );

  app.get(
    '/officers/:id/track.gpx',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['positions'],
        summary: "An officer's track as GPX 1.1, every good fix",
        params: IdParams,
        querystring: Type.Omit(TrackQuery, ['zoom']),
      },
    },
    async (request, reply) => {
      const range = parseRange(request.query.from, request.query.to);
      const [name, points] = await Promise.all([
        services.tracks.officerName(request.params.id),
        services.tracks.points(request.params.id, range),
      ]);
      const file = `track-${request.params.id}-${new Date(range.fromMs).toISOString().slice(0, 10)}.gpx`;
      return reply
        .type('application/gpx+xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(toGpx({ name, points }));
    },
  );

  app.get(
    '/grids/cells/:id/presence',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['positions'],
        summary: 'Officers who were in a grid cell during a time range',
        params: IdParams,
        querystring: GridPresenceQuery,
        response: { 200: Type.Array(OfficerPresence) },
      },
    },
    (request) =>
      services.tracks.presenceInCell(request.params.id, parseRange(request.query.from, request.query.to)),
  );

  app.post(
    '/positions/presence',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['positions'],
        summary: 'Officers who were inside a polygon during a time range',
        body: Type.Object(
          {
            from: Type.String({ format: 'date-time' }),
            to: Type.String({ format: 'date-time' }),
            polygon: PolygonGeometry,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(OfficerPresence) },
      },
    },
    (request) =>
      services.tracks.presenceInPolygon(request.body.polygon, parseRange(request.body.from, request.body.to)),
  );

  app.get(
    '/positions/latest',
    {
      config: { access: STAFF_ROLES, partnerScope: 'positions:read' },
      schema: {
        tags: ['positions'],
        summary: "Every officer's latest good position (partner keys need positions:read)",
        response: { 200: Type.Array(LivePosition) },
      },
    },
    () => services.positions.repository.latest(),
  );
};
