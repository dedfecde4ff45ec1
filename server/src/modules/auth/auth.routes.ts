// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, LoginBody, LoginResponse, ROLES, User } from '@fcc/shared';
import { Type } from 'typebox';
import { AppError } from '../../http/errors';
import type { Services } from '../../services';
import { requireUser } from './access-control';

export const authRoutes: FastifyPluginAsyncTypebox<{
  services: Services;
  loginAttemptsPerMinute: number;
}> = async (app, { services, loginAttemptsPerMinute }) => {
  app.post(
    '/login',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: loginAttemptsPerMinute,
          timeWindow: '1 minute',
          // Per account and address: one mistyping operator does not lock out the room.
          hook: 'preHandler',
          keyGenerator: (request) =>
            `${request.ip}|${(request.body as { username?: string } | undefined)?.username ?? ''}`,
          errorResponseBuilder: (_request, context) =>
            new AppError(429, `Too many sign-in attempts; try again in ${Math.ceil(context.ttl / 1000)} s.`),
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username and password',
        body: LoginBody,
        response: { 200: LoginResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    (request) => services.auth.login(request.body.username, request.body.password, request.ip),
  );

  app.post(
    '/logout',
    {
      config: { access: ROLES },
      schema: { tags: ['auth'], summary: 'Sign out (revokes this token)', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await services.auth.logout(requireUser(request), request.ip);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { access: ROLES },
      schema: { tags: ['auth'], summary: 'The signed-in account', response: { 200: User } },
    },
    (request) => services.users.get(requireUser(request).user.id),
  );
};
