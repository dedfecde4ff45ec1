// Replay by officer, device, task or case and time range: one document for a player.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Replay, ReplayQuery } from '@fcc/shared';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';

export const replayRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/replay',
    {
      // Like recordings: officers their own, supervisors and administrators all, operators none.
      config: { access: ['administrator', 'supervisor', 'officer'] },
      schema: {
        tags: ['recordings'],
        summary:
          'Replay a time range: recordings and segments (with gaps), the track fix by fix and the task events; by officerId or deviceId with from and to, or by taskId or caseId. Audited.',
        querystring: ReplayQuery,
        response: { 200: Replay },
      },
    },
    async (request) => services.replay.replay(requireUser(request), request.query, request.ip),
  );
};
