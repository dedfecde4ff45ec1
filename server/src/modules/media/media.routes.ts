// WHIP (RFC 9725) and WHEP endpoints, the live stream list, on-demand requests, talkback and
// per-device media settings. SDP bodies are application/sdp text; everything else is JSON.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  DeviceMediaSettings,
  Id,
  IdParams,
  ROLES,
  StreamList,
  StreamRequestBody,
  StreamRequestResult,
} from '@fcc/shared';
import { AppError } from '../../http/errors';
import type { Services } from '../../services';
import { requireDevice, requireUser } from '../auth/access-control';
import { STAFF_ROLES } from '../auth/principal';
import type { SdpAnswer } from './media-service';

const SessionParams = Type.Object({ sessionId: Id }, { additionalProperties: false });
const DeviceParams = Type.Object({ deviceId: Id }, { additionalProperties: false });
const OPERATORS = ['administrator', 'operator'] as const;
const SDP = 'application/sdp';

class TrickleNotSupportedError extends AppError {
  constructor() {
    super(
      405,
      'Trickle ICE and ICE restarts are not supported: send a complete offer to the WHIP/WHEP endpoint again.',
    );
  }
}

class NotSdpError extends AppError {
  constructor() {
    super(415, 'Send the SDP offer as the request body with Content-Type: application/sdp.');
  }
}

/** The offer text; WHIP/WHEP bodies must be application/sdp. */
function sdpBody(request: FastifyRequest): string {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== SDP || typeof request.body !== 'string') throw new NotSdpError();
  return request.body;
}

function sendAnswer(reply: FastifyReply, answer: SdpAnswer) {
  return reply
    .status(201)
    .header('content-type', SDP)
    .header('location', answer.location)
    .header('x-stream-id', answer.streamId)
    .send(answer.answer);
}

const sdpSchema = (summary: string, description: string) => ({
  tags: ['media'],
  summary,
  description,
  consumes: [SDP],
  produces: [SDP],
});

export const mediaRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const media = services.media;
  app.addContentTypeParser(
    [SDP, 'application/trickle-ice-sdpfrag'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  // ── publishing (devices) ──
  app.post(
    '/media/devices/:deviceId/whip',
    {
      config: { access: 'device' },
      schema: {
        ...sdpSchema(
          'WHIP: publish the device camera (SDP offer in, answer out)',
          'Video H.264 (constrained baseline, packetization-mode=1) or VP8, audio Opus; forwarded as sent. ' +
            'Publishing again after the previous publisher went quiet resumes the same stream; ' +
            'a second publisher while one still sends gets 409.',
        ),
        params: DeviceParams,
      },
    },
    async (request, reply) =>
      sendAnswer(
        reply,
        await media.publish(requireDevice(request), request.params.deviceId, sdpBody(request)),
      ),
  );
  app.delete(
    '/media/whip/:sessionId',
    {
      config: { access: 'device' },
      schema: { tags: ['media'], summary: 'WHIP: stop publishing', params: SessionParams },
    },
    async (request, reply) => {
      await media.unpublish(request.params.sessionId, requireDevice(request).device.id);
      return reply.status(200).send();
    },
  );
  app.patch(
    '/media/whip/:sessionId',
    {
      config: { access: 'device' },
      schema: { tags: ['media'], summary: 'WHIP trickle ICE (not supported)', params: SessionParams },
    },
    async () => {
      throw new TrickleNotSupportedError();
    },
  );

  // ── viewing (people) ──
  app.get(
    '/streams',
    {
      config: { access: ROLES },
      schema: {
        tags: ['media'],
        summary: 'Live and reconnecting streams (an officer sees only their own)',
        response: { 200: StreamList },
      },
    },
    async (request) => media.listOpen(requireUser(request)),
  );
  app.post(
    '/streams/:id/whep',
    {
      config: { access: ROLES },
      schema: {
        ...sdpSchema(
          'WHEP: watch a stream (SDP offer in, answer out)',
          'The first frame comes from the relay’s cache of the last GOP. Officers may watch only their own streams.',
        ),
        params: IdParams,
      },
    },
    async (request, reply) =>
      sendAnswer(reply, await media.view(requireUser(request), request.params.id, sdpBody(request))),
  );
  app.delete(
    '/media/whep/:sessionId',
    {
      config: { access: ROLES },
      schema: { tags: ['media'], summary: 'WHEP: stop watching', params: SessionParams },
    },
    async (request, reply) => {
      await media.stopViewing(request.params.sessionId, requireUser(request).user.id);
      return reply.status(200).send();
    },
  );
  app.patch(
    '/media/whep/:sessionId',
    {
      config: { access: ROLES },
      schema: { tags: ['media'], summary: 'WHEP trickle ICE (not supported)', params: SessionParams },
    },
    async () => {
      throw new TrickleNotSupportedError();
    },
  );
  app.delete(
    '/streams/:id',
    {
      config: { access: OPERATORS },
      schema: { tags: ['media'], summary: 'End a live stream; the device is told to stop', params: IdParams },
    },
    async (request, reply) => {
      await media.endByStaff(request.params.id, requireUser(request));
      return reply.status(204).send();
    },
  );

  // ── on demand and settings ──
  app.post(
    '/media/devices/:deviceId/stream-request',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['media'],
        summary: 'Ask a device to start streaming now (over its socket)',
        description:
          'The stream stops again when its last viewer has left for MEDIA_IDLE_STOP_SECONDS, unless the device ' +
          'records continuously. 409 when the device is not connected.',
        params: DeviceParams,
        body: Type.Optional(StreamRequestBody),
        response: { 202: StreamRequestResult, 200: StreamRequestResult },
      },
    },
    async (request, reply) => {
      const result = await media.requestStream(
        requireUser(request),
        request.params.deviceId,
        request.body?.reason ?? null,
      );
      return reply.status(result.streamId ? 200 : 202).send(result);
    },
  );
  app.get(
    '/media/devices/:deviceId/settings',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['media'],
        summary: 'Media settings of a device',
        params: DeviceParams,
        response: { 200: DeviceMediaSettings },
      },
    },
    async (request) => ({ recordContinuously: await media.recordsContinuously(request.params.deviceId) }),
  );
  app.put(
    '/media/devices/:deviceId/settings',
    {
      config: { access: ['administrator'] },
      schema: {
        tags: ['media'],
        summary: 'Set whether the device keeps streaming when nobody watches',
        params: DeviceParams,
        body: DeviceMediaSettings,
        response: { 200: DeviceMediaSettings },
      },
    },
    async (request) => {
      await media.setRecordContinuously(request.params.deviceId, request.body.recordContinuously);
      return request.body;
    },
  );

  // ── talkback ──
  app.post(
    '/media/devices/:deviceId/talkback',
    {
      config: { access: OPERATORS },
      schema: {
        ...sdpSchema(
          'Talkback: publish the operator’s microphone to a device (WHIP, Opus only)',
          'The device is told over its socket (`talkback:started`) and receives it by WHEP at /api/media/talkback/whep.',
        ),
        params: DeviceParams,
      },
    },
    async (request, reply) =>
      sendAnswer(
        reply,
        await media.publishTalkback(requireUser(request), request.params.deviceId, sdpBody(request)),
      ),
  );
  app.delete(
    '/media/talkback/:sessionId',
    {
      config: { access: OPERATORS },
      schema: { tags: ['media'], summary: 'Talkback: stop talking', params: SessionParams },
    },
    async (request, reply) => {
      await media.unpublish(request.params.sessionId, requireUser(request).user.id);
      return reply.status(200).send();
    },
  );
  app.post(
    '/media/talkback/whep',
    {
      config: { access: 'device' },
      schema: sdpSchema(
        'Talkback: the device receives the operator speaking to it (WHEP)',
        'Audio only (Opus).',
      ),
    },
    async (request, reply) =>
      sendAnswer(reply, await media.listenToTalkback(requireDevice(request), sdpBody(request))),
  );
  app.delete(
    '/media/talkback/whep/:sessionId',
    {
      config: { access: 'device' },
      schema: { tags: ['media'], summary: 'Talkback: the device stops listening', params: SessionParams },
    },
    async (request, reply) => {
      await media.stopViewing(request.params.sessionId, requireDevice(request).device.id);
      return reply.status(200).send();
    },
  );
};
