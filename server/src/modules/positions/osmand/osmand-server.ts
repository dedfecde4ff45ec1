// The OsmAnd listener: its own Fastify instance on its own port (OSMAND_PORT), answering as
// Traccar's server does, so that officers can point the free Traccar Client app at us.
// 200 with an empty body stores the fix; anything else makes the app keep it and retry.
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import type { Fix } from '@fcc/shared';
import { parseOsmandJson, parseOsmandParameters, type OsmandParse } from './parse-osmand';

export type OsmandIngestResult =
  | { ok: true }
  | {
      ok: false;
      reason: string;
      /** 400 (the fix is refused) unless said otherwise; 429 asks the device to slow down. */
      status?: 400 | 429;
    };

export interface OsmandIngest {
  /** undefined when no device has this unique id. */
  ingestByUniqueId(uniqueId: string, fix: Fix): Promise<OsmandIngestResult | undefined>;
}

export interface OsmandServerOptions {
  ingest: OsmandIngest;
  log: Logger;
}

/** One fix is a few hundred bytes; this leaves room for odd clients and nothing more. */
export const OSMAND_BODY_LIMIT_BYTES = 64 * 1024;
/** A phone on a poor network still sends a few hundred bytes in well under this. */
const REQUEST_TIMEOUT_MS = 15_000;

export function buildOsmandServer({ ingest, log }: OsmandServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: OSMAND_BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Every phone reports every few seconds; a log line per request would drown the rest.
    // Refusals are logged below with their reason.
    logController: new LogController({ disableRequestLogging: true }),
  });

  // JSON keeps Fastify's own parser (it also refuses __proto__ tricks). Form bodies, and any
  // other body, are text read as parameters: Traccar does the same whatever the content type.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, new URLSearchParams(body as string)),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error, method: request.method, url: request.url }, 'OsmAnd request failed');
      return sendText(reply, status, 'internal error; it has been logged, send the position again later');
    }
    request.log.info({ status, reason: error.message }, 'OsmAnd request refused');
    return sendText(reply, status, error.message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendText(
      reply,
      404,
      `no such path ${request.url.split('?')[0]}: set the server URL in the app to this server's root, e.g. http://host:5055`,
    ),
  );

  app.route({
    method: ['GET', 'POST'],
    url: '/',
    handler: async (request, reply) => {
      const receivedAt = new Date();
      const parsed = isJson(request)
        ? parseOsmandJson(request.body, receivedAt)
        : parseOsmandParameters(parametersOf(request), receivedAt);
      if (!parsed.ok) return refuse(request, reply, 400, parsed, parsed.message);

      const result = await ingest.ingestByUniqueId(parsed.uniqueId, parsed.fix);
      if (!result) {
        // Traccar answers an unknown device 400 in the parameter form and 404 in the JSON form.
        const status = parsed.form === 'json' ? 404 : 400;
        const message = `unknown device ${parsed.uniqueId}: register a device with this identifier first`;
        return refuse(request, reply, status, parsed, message);
      }
      if (!result.ok) return refuse(request, reply, result.status ?? 400, parsed, result.reason);
      return reply.status(200).send();
    },
  });
  return app;
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** The query string, completed by the body's parameters (the query wins on a clash). */
function parametersOf(request: FastifyRequest): URLSearchParams {
  const url = request.raw.url ?? '';
  const start = url.indexOf('?');
  const params = new URLSearchParams(start === -1 ? '' : url.slice(start + 1));
  const { body } = request;
  const fromBody =
    body instanceof URLSearchParams ? body : typeof body === 'string' ? new URLSearchParams(body) : undefined;
  for (const [key, value] of fromBody ?? []) if (!params.has(key)) params.append(key, value);
  return params;
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  parsed: OsmandParse,
  reason: string,
): FastifyReply {
  const uniqueId = parsed.ok ? parsed.uniqueId : undefined;
  request.log.info({ status, form: parsed.form, uniqueId, reason }, 'OsmAnd position refused');
  return sendText(reply, status, reason);
}

function sendText(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.status(status).type('text/plain; charset=utf-8').send(text);
}
