// The OsmAnd listener (port OSMAND_PORT, 5055 by default), answering as Traccar's server does,
// so that officers can point the free Traccar Client app at us.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { Fix } from '@fcc/shared';
import { parseOsmandJson, parseOsmandParameters, type OsmandParse } from './parse-osmand';

export type OsmandIngestResult = { ok: true } | { ok: false; status: 400 | 429; reason: string };

export interface OsmandIngest {
  /** undefined when no device has this unique id. */
  ingestByUniqueId(uniqueId: string, fix: Fix): Promise<OsmandIngestResult | undefined>;
}

const BODY_LIMIT_BYTES = 64 * 1024;

export function buildOsmandServer({ ingest, log }: { ingest: OsmandIngest; log: Logger }): FastifyInstance {
  const app = Fastify({ loggerInstance: log as FastifyBaseLogger, bodyLimit: BODY_LIMIT_BYTES });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, new URLSearchParams(body as string)),
  );
  // Anything else (Traccar Client sends no content type with some versions) is read as text.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) log.error({ err: error }, 'OsmAnd request failed');
    return reply
      .status(status)
      .type('text/plain')
      .send(status === 500 ? 'internal error' : error.message);
  });

  const handle = async (parsed: OsmandParse, reply: FastifyReply) => {
    if (!parsed.ok) return reply.status(400).type('text/plain').send(parsed.message);
    const result = await ingest.ingestByUniqueId(parsed.uniqueId, parsed.fix);
    // Traccar: an unknown device is 400 for the parameter form and 404 for the JSON form.
    if (!result) {
      return reply
        .status(parsed.form === 'json' ? 404 : 400)
        .type('text/plain')
        .send(`unknown device ${parsed.uniqueId}: register it with this unique id first`);
    }
    if (!result.ok) return reply.status(result.status).type('text/plain').send(result.reason);
    return reply.status(200).send();
  };

  app.route({
    method: ['GET', 'POST'],
    url: '/',
    handler: async (request, reply) => {
      const receivedAt = new Date();
      const query = new URLSearchParams(request.raw.url?.split('?')[1] ?? '');
      const body = request.body;
      if (body instanceof URLSearchParams) {
        for (const [key, value] of body) if (!query.has(key)) query.set(key, value);
        return handle(parseOsmandParameters(query, receivedAt), reply);
      }
      if (typeof body === 'string' && body.trim() !== '' && !query.has('id') && !query.has('deviceid')) {
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          return reply.status(400).type('text/plain').send('the body is neither JSON nor form parameters');
        }
        return handle(parseOsmandJson(json, receivedAt), reply);
      }
      if (body !== undefined && typeof body === 'object' && body !== null) {
        return handle(parseOsmandJson(body, receivedAt), reply);
      }
      return handle(parseOsmandParameters(query, receivedAt), reply);
    },
  });
  return app;
}
