// Resolution photos: the officer's device uploads the image itself (no JSON, no base64 on 4G)
// and puts the answer's ref in the task step's `photos`; staff read them back by that ref.
import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_PHOTO_BYTES, PHOTO_TYPES, PhotoUploaded } from '@fcc/shared';
import { Type } from 'typebox';
import { AppError, NotFoundError } from '../../http/errors';
import { STAFF_ROLES } from '../auth/principal';
import { PhotoStore } from './photo-store';

export const photosRoutes: FastifyPluginAsyncTypebox<{ dir: string }> = async (app, { dir }) => {
  const store = new PhotoStore(dir);

  // Scoped to this plugin: nowhere else takes raw images.
  app.addContentTypeParser(
    [...PHOTO_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/device/photos',
    {
      config: { access: 'device' },
      schema: {
        tags: ['tasks'],
        summary: `Upload a photo (the image as the body: ${PHOTO_TYPES.join(', ')}; at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB)`,
        description: "Answers the ref to put in a task step's `photos`. The same bytes twice are one photo.",
        response: { 201: PhotoUploaded },
      },
    },
    async (request, reply) => {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!(PHOTO_TYPES as readonly string[]).includes(contentType) || !Buffer.isBuffer(request.body)) {
        throw new AppError(415, `A photo must be sent as the body, of type ${PHOTO_TYPES.join(', ')}.`);
      }
      const saved = await store.save(request.body, contentType);
      request.log.info({ photo: saved.sha256, bytes: saved.bytes }, 'photo stored');
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/photos/:name',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ['tasks'],
        summary: 'A photo uploaded by a device',
        params: Type.Object({ name: Type.String({ maxLength: 80 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const photo = await store.find(request.params.name);
      if (!photo) throw new NotFoundError('No such photo.');
      return reply
        .type(photo.contentType)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(fs.createReadStream(photo.file));
    },
  );
};
