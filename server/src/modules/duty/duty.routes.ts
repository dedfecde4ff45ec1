// The duty roster over HTTP: administrators and operators plan shifts and cell responsibility;
// staff see who is on duty now.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CellAssignmentBody,
  IdParams,
  MAX_STATISTICS_RANGE_DAYS,
  OnDutyOfficer,
  Shift,
  ShiftCreateBody,
  ShiftListQuery,
} from '@fcc/shared';
import { Type } from 'typebox';
import { isForeignKeyViolation } from '../../db/pg-errors';
import { BadRequestError, ConflictError, NotFoundError } from '../../http/errors';
import type { Services } from '../../services';
import { STAFF_ROLES } from '../auth/principal';

const PLANNERS = ['administrator', 'operator'] as const;

export const dutyRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const duty = services.duty;

  app.get(
    '/duty',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['duty'],
        summary: 'Officers on duty now',
        response: { 200: Type.Array(OnDutyOfficer) },
      },
    },
    () => duty.onDutyNow(),
  );

  app.post(
    '/officers/:id/shifts',
    {
      config: { access: PLANNERS },
      schema: {
        tags: ['duty'],
        summary: "Add a shift to an officer's roster",
        params: IdParams,
        body: ShiftCreateBody,
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
      },
    },
    async (request, reply) => {
      const { startsAt, endsAt } = request.body;
      if (!(Date.parse(endsAt) > Date.parse(startsAt)))
        throw new BadRequestError('endsAt must be after startsAt.');
      try {
        return reply.status(201).send(await duty.addShift(request.params.id, startsAt, endsAt));
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new NotFoundError(`No officer with id ${request.params.id}.`);
        throw error;
      }
    },
  );

  app.delete(
    '/shifts/:id',
    {
      config: { access: PLANNERS },
      schema: { tags: ['duty'], summary: 'Remove a shift', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      if (!(await duty.deleteShift(request.params.id)))
        throw new NotFoundError(`No shift with id ${request.params.id}.`);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/shifts',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['duty'],
        summary: 'The roster: shifts overlapping a time range (at most 2,000)',
        querystring: ShiftListQuery,
        response: { 200: Type.Array(Shift) },
      },
    },
    (request) => {
      const fromMs = Date.parse(request.query.from);
      const toMs = Date.parse(request.query.to);
      if (!(toMs > fromMs)) throw new BadRequestError('to must be after from.');
      if (toMs - fromMs > MAX_STATISTICS_RANGE_DAYS * 86_400_000)
        throw new BadRequestError(`The range may span at most ${MAX_STATISTICS_RANGE_DAYS} days.`);
      return duty.listShifts(fromMs, toMs, request.query.officerId ?? null);
    },
  );

  app.post(
    '/shifts/:id/end',
    {
      config: { access: PLANNERS },
      schema: {
        tags: ['duty'],
        summary: 'End a shift under way now (the officer goes off duty early)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const outcome = await duty.endShiftNow(request.params.id);
      if (outcome === 'missing') throw new NotFoundError(`No shift with id ${request.params.id}.`);
      if (outcome === 'not-started')
        throw new ConflictError('This shift has not started yet; remove it instead of ending it.');
      if (outcome === 'already-ended') throw new ConflictError('This shift has already ended.');
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/officers/:id/cells',
    {
      config: { access: PLANNERS },
      schema: {
        tags: ['duty'],
        summary: 'Set the grid cells an officer answers for (片区责任制), besides the area',
        params: IdParams,
        body: CellAssignmentBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      try {
        await duty.replaceCells(request.params.id, request.body.cellIds);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new NotFoundError('No such officer or grid cell.');
        throw error;
      }
      return reply.status(204).send(null);
    },
  );
};
