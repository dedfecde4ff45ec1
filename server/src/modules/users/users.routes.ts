// Administration of accounts and roles.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, User, UserCreateBody, UserUpdateBody } from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';

const ADMIN = ['administrator'] as const;

export const usersRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/',
    { config: { access: ADMIN }, schema: { tags: ['users'], response: { 200: Type.Array(User) } } },
    () => services.users.list(),
  );

  app.post(
    '/',
    { config: { access: ADMIN }, schema: { tags: ['users'], body: UserCreateBody, response: { 201: User } } },
    async (request, reply) => {
      const actor = { principal: requireUser(request), ip: request.ip };
      return reply.status(201).send(await services.users.create(actor, request.body));
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: ADMIN },
      schema: { tags: ['users'], params: IdParams, body: UserUpdateBody, response: { 200: User } },
    },
    (request) =>
      services.users.update(
        { principal: requireUser(request), ip: request.ip },
        request.params.id,
        request.body,
      ),
  );
};
