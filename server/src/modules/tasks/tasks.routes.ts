// Tasks over HTTP: the command centre creates, dispatches and closes; officers (their account
// or their device) step through acknowledge … resolve; partners report and read.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DispatchBody,
  IdParams,
  Recommendation,
  ReportCreateBody,
  ROLES,
  SosBody,
  SosResult,
  StatsQuery,
  StatsRow,
  Task,
  TASK_ACTIONS,
  TaskActionBody,
  TaskCreateBody,
  TaskDetail,
  TaskListQuery,
} from '@fcc/shared';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { BadRequestError, UnauthorizedError } from '../../http/errors';
import type { Services } from '../../services';
import { requireDevice } from '../auth/access-control';
import { STAFF_ROLES } from '../auth/principal';
import { taskActorOf } from './task-actor';

const STAFF = STAFF_ROLES;
const OPERATORS = ['administrator', 'operator'] as const;
const ActionParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  action: Type.Enum(TASK_ACTIONS),
});
const RecommendQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 5 })) },
  { additionalProperties: false },
);

function actorOf(request: FastifyRequest) {
  if (!request.principal) throw new UnauthorizedError();
  return taskActorOf(request.principal);
}

/** Matches no officer: an officer's account not linked to an officer sees no tasks. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** An officer's account sees the officer's own tasks only; everyone else sees all. */
function ownTasksOnly(request: FastifyRequest): { id: string | null } | undefined {
  const principal = request.principal!;
  if (principal.kind === 'user' && principal.user.role === 'officer') {
    return { id: principal.user.officerId ?? null };
  }
  return undefined;
}

export const tasksRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const tasks = services.tasks;

  app.post(
    '/tasks',
    {
      config: { access: OPERATORS },
      schema: {
        tags: ['tasks'],
        summary: 'Create a task (map click or coordinates)',
        body: TaskCreateBody,
        response: { 201: Task },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await tasks.create(actorOf(request), { ...request.body, source: 'operator' })),
  );

  app.post(
    '/reports',
    {
      config: { access: OPERATORS, partnerScope: 'reports:create' },
      schema: {
        tags: ['tasks'],
        summary: 'Report a problem from a source system (hotline, public app); idempotent by externalId',
        body: ReportCreateBody,
        response: { 201: Task, 200: Task },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const source = principal.kind === 'partner' ? principal.partner.name : 'hotline';
      const { externalId, priority, ...rest } = request.body;
      const { task, created } = await tasks.report(actorOf(request), source, {
        ...rest,
        priority: priority ?? 'normal',
        sourceRef: externalId,
      });
      return reply.status(created ? 201 : 200).send(task);
    },
  );

  app.get(
    '/tasks',
    {
      config: { access: ROLES, partnerScope: 'tasks:read' },
      schema: {
        tags: ['tasks'],
        summary: 'The task board: filter by state, area, category, officer; search',
        querystring: TaskListQuery,
        response: { 200: Type.Array(Task) },
      },
    },
    (request) => {
      const officer = ownTasksOnly(request);
      if (officer === undefined) return tasks.list(request.query);
      return tasks.list({ ...request.query, officerId: officer.id ?? NOBODY });
    },
  );

  app.get(
    '/tasks/stats',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Counts, time to acknowledge/arrive/close (p50/p90) and SLA breach rate',
        querystring: StatsQuery,
        response: { 200: Type.Array(StatsRow) },
      },
    },
    (request) => {
      const fromMs = Date.parse(request.query.from);
      const toMs = Date.parse(request.query.to);
      if (!(toMs > fromMs)) throw new BadRequestError('to must be after from.');
      return services.taskStats.stats({ fromMs, toMs, groupBy: request.query.groupBy });
    },
  );

  app.get(
    '/tasks/:id',
    {
      config: { access: ROLES, partnerScope: 'tasks:read' },
      schema: {
        tags: ['tasks'],
        summary: 'A task with its timeline, SLA countdown and closed-loop timings',
        params: IdParams,
        response: { 200: TaskDetail },
      },
    },
    (request) => {
      const officer = ownTasksOnly(request);
      return officer === undefined
        ? tasks.get(request.params.id)
        : tasks.getOwn(request.params.id, officer.id);
    },
  );

  app.get(
    '/tasks/:id/recommendations',
    {
      config: { access: STAFF },
      schema: {
        tags: ['tasks'],
        summary: 'Officers to send: responsible first, then nearest, with distance and last-fix age',
        params: IdParams,
        querystring: RecommendQuery,
        response: { 200: Type.Array(Recommendation) },
      },
    },
    (request) => tasks.recommend(request.params.id, request.query.limit),
  );

  for (const step of ['dispatch', 'reassign'] as const) {
    app.post(
      `/tasks/:id/${step}`,
      {
        config: { access: OPERATORS },
        schema: {
          tags: ['tasks'],
          summary:
            step === 'dispatch'
              ? 'Dispatch a new task to officers'
              : 'Move a dispatched task to other officers',
          params: IdParams,
          body: DispatchBody,
          response: { 200: Task },
        },
      },
      (request) =>
        tasks.dispatch(actorOf(request), request.params.id, step, request.body.officerIds, request.body.note),
    );
  }

  // The same steps from a person's account and, with the device token, from the officer's device.
  const stepRoutes = [
    {
      url: '/tasks/:id/:action',
      access: ROLES,
      summary:
        'A step: acknowledge, en-route, arrive, resolve (the officer); close, reopen, cancel (operators)',
    },
    {
      url: '/device/tasks/:id/:action',
      access: 'device' as const,
      summary: "A step from the officer's device",
    },
  ];
  for (const { url, access, summary } of stepRoutes) {
    app.post(
      url,
      {
        config: { access },
        schema: {
          tags: ['tasks'],
          summary,
          params: ActionParams,
          body: TaskActionBody,
          response: { 200: Task },
        },
      },
      (request) => tasks.act(actorOf(request), request.params.id, request.params.action, request.body),
    );
  }

  app.post(
    '/device/sos',
    {
      config: { access: 'device' },
      schema: {
        tags: ['tasks'],
        summary: "The officer's SOS: a critical alert and an urgent task at their position",
        body: SosBody,
        response: { 201: SosResult },
      },
    },
    async (request, reply) => {
      const { device } = requireDevice(request);
      if (!device.officerId)
        throw new BadRequestError('This device is not issued to an officer; SOS needs one.');
      const location =
        request.body.location ??
        (await services.positions.repository.latest({ officerId: device.officerId }))[0] ??
        null;
      const { task } = await tasks.sos(
        actorOf(request),
        { id: device.officerId, deviceId: device.id },
        location && { lat: location.lat, lon: location.lon },
        request.body.note,
      );
      return reply.status(201).send({ taskId: task?.id ?? null });
    },
  );
};
