// Alerts for the people on watch: list, and acknowledge.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Alert, AlertListQuery, IdParams } from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';
import { STAFF_ROLES } from '../auth/principal';

export const alertsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/',
    {
      config: { access: STAFF_ROLES, partnerScope: 'alerts:read' },
      schema: { tags: ['alerts'], querystring: AlertListQuery, response: { 200: Type.Array(Alert) } },
    },
    (request) => services.alerts.list(request.query),
  );

  app.post(
    '/:id/acknowledge',
    {
      config: { access: STAFF_ROLES },
      schema: { tags: ['alerts'], params: IdParams, response: { 200: Alert } },
    },
    (request) => services.alerts.acknowledge(request.params.id, requireUser(request).user.id),
  );
};
