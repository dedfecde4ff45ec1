// Photos an officer takes with the device (resolving a task): uploaded as the image itself,
// answered with the reference that task steps carry in `photos`.
import { Type, type Static } from 'typebox';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

export const PhotoUploaded = Type.Object({
  ref: Type.String({ description: 'Where the photo is served, e.g. /api/photos/<sha256>.jpg' }),
  bytes: Type.Integer(),
  sha256: Type.String(),
});
export type PhotoUploaded = Static<typeof PhotoUploaded>;
