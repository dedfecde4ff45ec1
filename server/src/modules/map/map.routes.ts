// What the dashboard needs to draw a map: public client settings, the local style, streets.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClientConfig, ROLES, StreetCollection } from '@fcc/shared';
import { Type } from 'typebox';
import type { Config } from '../../config';
import type { Services } from '../../services';
import { buildLocalStyle } from './local-style';

export const mapRoutes: FastifyPluginAsyncTypebox<{ services: Services; config: Config }> = async (
  app,
  { services, config },
) => {
  app.get(
    '/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['map'],
        summary: 'Settings the dashboard needs before sign-in',
        response: { 200: ClientConfig },
      },
    },
    async () => ({
      mapStyleUrl: config.mapStyleUrl,
      mapCentre: config.demoTown.centre,
      mapZoom: 14,
      townName: config.demoTown.name,
    }),
  );

  app.get(
    '/map/style.json',
    {
      config: { access: ROLES },
      schema: {
        tags: ['map'],
        summary: 'The local base style (no tile server needed)',
        response: { 200: Type.Any() },
      },
    },
    (request) => buildLocalStyle(`${request.protocol}://${request.host}/api/map/streets`),
  );

  app.get(
    '/map/streets',
    { config: { access: ROLES }, schema: { tags: ['map'], response: { 200: StreetCollection } } },
    () => services.streets.geoJson(),
  );

  // The same streets for a device token: the officer's phone app draws them, and the device
  // simulator routes its officers along them.
  app.get(
    '/device/map/streets',
    {
      config: { access: 'device' },
      schema: {
        tags: ['map'],
        summary: "The town's streets, for devices",
        response: { 200: StreetCollection },
      },
    },
    () => services.streets.geoJson(),
  );
};
