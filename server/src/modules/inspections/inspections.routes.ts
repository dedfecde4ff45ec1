// Inspections over HTTP: the target registry and its printable QR labels, the officer's
// check-in scan, and the random spot-check draws with their publication and verification.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CheckInBody,
  CheckInResult,
  IdParams,
  InspectionTarget,
  InspectionTargetCreateBody,
  InspectionTargetListQuery,
  InspectionTargetUpdateBody,
  SpotCheckCreateBody,
  SpotCheckDraw,
  SpotCheckVerification,
} from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { STAFF_ROLES } from '../auth/principal';
import { taskActorOf } from '../tasks/task-actor';

const REGISTRARS = ['administrator', 'operator'] as const;

export const inspectionsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const { targets, checkIn, spotChecks } = services.inspections;

  app.get(
    '/inspection-targets',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['inspections'],
        summary: 'The registry of places and businesses to inspect',
        querystring: InspectionTargetListQuery,
        response: { 200: Type.Array(InspectionTarget) },
      },
    },
    (request) => targets.list(request.query),
  );

  app.post(
    '/inspection-targets',
    {
      config: { access: REGISTRARS },
      schema: {
        tags: ['inspections'],
        summary: 'Register a target; its grid cell and area are resolved from the location',
        body: InspectionTargetCreateBody,
        response: { 201: InspectionTarget },
      },
    },
    async (request, reply) => reply.status(201).send(await targets.create(request.body)),
  );

  app.get(
    '/inspection-targets/:id',
    {
      config: { access: STAFF_ROLES },
      schema: { tags: ['inspections'], params: IdParams, response: { 200: InspectionTarget } },
    },
    (request) => targets.get(request.params.id),
  );

  app.patch(
    '/inspection-targets/:id',
    {
      config: { access: REGISTRARS },
      schema: {
        tags: ['inspections'],
        summary: 'Rename, recategorise, or retire a target (active: false; it is never drawn again)',
        params: IdParams,
        body: InspectionTargetUpdateBody,
        response: { 200: InspectionTarget },
      },
    },
    (request) => targets.update(request.params.id, request.body),
  );

  app.get(
    '/inspection-targets/:id/label.svg',
    {
      config: { access: REGISTRARS },
      schema: {
        tags: ['inspections'],
        summary: "The target's printable check-in label: QR code, name and address (SVG)",
        params: IdParams,
      },
    },
    async (request, reply) =>
      reply.type('image/svg+xml; charset=utf-8').send(await targets.label(request.params.id)),
  );

  app.post(
    '/device/check-in',
    {
      config: { access: 'device' },
      schema: {
        tags: ['inspections'],
        summary:
          "The officer scanned a target's QR code: accepted within the tolerance of the target, " +
          "recorded on the task's timeline either way (422 when too far)",
        body: CheckInBody,
        response: { 200: CheckInResult },
      },
    },
    (request) => checkIn.checkIn(taskActorOf(request.principal!), request.body),
  );

  app.get(
    '/spot-checks',
    {
      config: { access: STAFF_ROLES, partnerScope: 'tasks:read' },
      schema: {
        tags: ['inspections'],
        summary: 'Spot-check draws, newest first, as published',
        response: { 200: Type.Array(SpotCheckDraw) },
      },
    },
    () => spotChecks.list(),
  );

  app.post(
    '/spot-checks',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['inspections'],
        summary:
          'Draw targets and inspectors at random (双随机) from a seed, record the draw, and dispatch one ' +
          'inspection task per target',
        body: SpotCheckCreateBody,
        response: { 201: SpotCheckDraw },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await spotChecks.draw(taskActorOf(request.principal!), request.body)),
  );

  app.get(
    '/spot-checks/:id',
    {
      config: { access: STAFF_ROLES, partnerScope: 'tasks:read' },
      schema: {
        tags: ['inspections'],
        summary: 'One draw: seed, rules, the pools drawn from, who was sent where, and the tasks',
        params: IdParams,
        response: { 200: SpotCheckDraw },
      },
    },
    (request) => spotChecks.get(request.params.id),
  );

  app.get(
    '/spot-checks/:id/verify',
    {
      config: { access: STAFF_ROLES, partnerScope: 'tasks:read' },
      schema: {
        tags: ['inspections'],
        summary: 'Repeat the draw from its recorded seed, rules and pools, and say whether it matches',
        params: IdParams,
        response: { 200: SpotCheckVerification },
      },
    },
    (request) => spotChecks.verify(request.params.id),
  );
};
