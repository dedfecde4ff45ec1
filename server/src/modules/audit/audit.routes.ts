// Reading and verifying the audit trail. There is deliberately no route that edits it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditEntry, AuditQuery, AuditVerification } from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';

const READERS = ['administrator', 'supervisor'] as const;

export const auditRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/',
    {
      config: { access: READERS },
      schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: Type.Array(AuditEntry) } },
    },
    (request) => services.audit.list(request.query),
  );

  app.get(
    '/verify',
    {
      config: { access: READERS },
      schema: {
        tags: ['audit'],
        summary: 'Re-hash the whole chain; reports the first broken link',
        response: { 200: AuditVerification },
      },
    },
    () => services.audit.verify(),
  );
};
