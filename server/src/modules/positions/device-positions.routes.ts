// HTTP batch ingest for devices without a socket: the same batch and ack as the socket path.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FixBatch, FixBatchAck } from '@fcc/shared';
import { AppError } from '../../http/errors';
import type { Services } from '../../services';
import { requireDevice } from '../auth/access-control';

export class TooManyBatchesError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, `Too many position batches from this device; retry in ${retryAfterSeconds} s.`);
  }
}

export const devicePositionsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.post(
    '/device/positions',
    {
      config: { access: 'device' },
      schema: {
        tags: ['positions'],
        summary: 'Upload a batch of GPS fixes; answered after they are committed',
        description:
          'Idempotent by device and fix time: resending a batch after a lost answer stores nothing twice. ' +
          'A fix that fails validation is rejected alone and listed in `rejected`.',
        body: FixBatch,
        response: { 200: FixBatchAck },
      },
    },
    async (request, reply) => {
      const { device } = requireDevice(request);
      const wait = services.positions.rateLimit.take(device.id);
      if (wait > 0) {
        void reply.header('retry-after', String(wait));
        throw new TooManyBatchesError(wait);
      }
      return services.positions.ingest.ingest(device, request.body.fixes);
    },
  );
};
