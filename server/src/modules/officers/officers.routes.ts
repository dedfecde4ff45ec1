// Officers: staff read them; administrators change them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, Officer, OfficerCreateBody, OfficerUpdateBody } from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';
import { STAFF_ROLES } from '../auth/principal';

const ADMIN = ['administrator'] as const;

export const officersRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/',
    {
      config: { access: STAFF_ROLES },
      schema: { tags: ['officers'], response: { 200: Type.Array(Officer) } },
    },
    () => services.officers.list(),
  );

  app.post(
    '/',
    {
      config: { access: ADMIN },
      schema: { tags: ['officers'], body: OfficerCreateBody, response: { 201: Officer } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await services.officers.create({ principal: requireUser(request), ip: request.ip }, request.body),
        ),
  );

  app.patch(
    '/:id',
    {
      config: { access: ADMIN },
      schema: { tags: ['officers'], params: IdParams, body: OfficerUpdateBody, response: { 200: Officer } },
    },
    (request) =>
      services.officers.update(
        { principal: requireUser(request), ip: request.ip },
        request.params.id,
        request.body,
      ),
  );
};
