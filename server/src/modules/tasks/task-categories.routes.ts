// Task categories: everyone reads them (with the SLA in force); administrators switch
// auto-dispatch on or off and set a category's own SLA per priority.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES, TaskCategory, TaskCategoryUpdateBody } from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 48 }) });

export const taskCategoriesRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/',
    {
      config: { access: ROLES },
      schema: {
        tags: ['tasks'],
        summary: 'Task categories, with auto-dispatch and the SLA in force per priority',
        response: { 200: Type.Array(TaskCategory) },
      },
    },
    () => services.taskCategories.list(),
  );

  app.patch(
    '/:code',
    {
      config: { access: ['administrator'] },
      schema: {
        tags: ['tasks'],
        summary: "Switch a category's auto-dispatch, or set its own SLA per priority (null: the default)",
        params: CodeParams,
        body: TaskCategoryUpdateBody,
        response: { 200: TaskCategory },
      },
    },
    (request) =>
      services.taskCategories.update(
        { principal: requireUser(request), ip: request.ip },
        request.params.code,
        request.body,
      ),
  );
};
