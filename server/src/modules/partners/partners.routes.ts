// Administering partner platforms: API keys with scopes, webhooks, and the delivery log.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  Partner,
  PartnerCreateBody,
  PartnerCreated,
  PartnerWebhookParams,
  Webhook,
  WebhookCreateBody,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryQuery,
  WEBHOOK_DELIVERY_DESCRIPTION,
} from '@fcc/shared';
import { Type } from 'typebox';
import type { Services } from '../../services';
import { requireUser } from '../auth/access-control';

const ADMIN = ['administrator'] as const;
const tags = ['partners'];

export const partnersRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const partners = services.partners.admin;
  const actorOf = (request: Parameters<typeof requireUser>[0]) => ({
    principal: requireUser(request),
    ip: request.ip,
  });

  app.post(
    '/',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Register a partner platform and issue its API key (shown once)',
        body: PartnerCreateBody,
        response: { 201: PartnerCreated },
      },
    },
    async (request, reply) => reply.status(201).send(await partners.create(actorOf(request), request.body)),
  );

  app.get(
    '/',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Partner platforms (keys are never shown again)',
        response: { 200: Type.Array(Partner) },
      },
    },
    () => partners.list(),
  );

  app.delete(
    '/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Revoke a partner’s API key; its webhooks stop and pending deliveries are given up',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await partners.revoke(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:id/webhooks',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Subscribe a URL to events; returns the signing secret (shown once)',
        description: WEBHOOK_DELIVERY_DESCRIPTION,
        params: IdParams,
        body: WebhookCreateBody,
        response: { 201: WebhookCreated },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await partners.createWebhook(actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/:id/webhooks',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'A partner’s webhooks',
        params: IdParams,
        response: { 200: Type.Array(Webhook) },
      },
    },
    (request) => partners.webhooks(request.params.id),
  );

  app.delete(
    '/:id/webhooks/:webhookId',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Delete a webhook; its pending deliveries are given up',
        params: PartnerWebhookParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await partners.deleteWebhook(actorOf(request), request.params.id, request.params.webhookId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/:id/deliveries',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'The delivery log of a partner’s webhooks, newest first',
        params: IdParams,
        querystring: WebhookDeliveryQuery,
        response: { 200: Type.Array(WebhookDelivery) },
      },
    },
    (request) => partners.deliveryLog(request.params.id, request.query),
  );
};
