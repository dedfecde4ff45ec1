// Resolution photos from devices: uploaded as the image itself, stored once per content (a
// retried upload is the same photo), read back by staff only, and nothing but images accepted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_PHOTO_BYTES, type PhotoUploaded } from '@fcc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app';

// The smallest valid JPEG is not needed: the server stores bytes, it does not decode them.
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);

let test: TestApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcc-photos-'));
  test = await createTestApp({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await test.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const upload = (body: Buffer, type = 'image/jpeg', as: 'device' | 'operator' = 'device') =>
  test.app.inject({
    method: 'POST',
    url: '/api/device/photos',
    headers: { ...test.auth(as), 'content-type': type },
    payload: body,
  });

describe('device photos', () => {
  it('stores a photo by its SHA-256, once, and gives staff the same bytes back', async () => {
    const first = await upload(jpeg);
    expect(first.statusCode).toBe(201);
    const photo = first.json<PhotoUploaded>();
    expect(photo.ref).toMatch(/^\/api\/photos\/[0-9a-f]{64}\.jpg$/);
    expect(photo.bytes).toBe(jpeg.length);
    // Sent again after a lost answer: the same photo.
    expect((await upload(jpeg)).json<PhotoUploaded>().ref).toBe(photo.ref);
    expect(fs.readdirSync(path.join(dataDir, 'photos'))).toEqual([`${photo.sha256}.jpg`]);

    const read = await test.app.inject({ method: 'GET', url: photo.ref, headers: test.auth('supervisor') });
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toBe('image/jpeg');
    expect(read.rawPayload.equals(jpeg)).toBe(true);
  });

  it('takes uploads from devices only and reads them back to staff only', async () => {
    expect((await upload(jpeg, 'image/jpeg', 'operator')).statusCode).toBe(403);
    const { ref } = (await upload(jpeg)).json<PhotoUploaded>();
    const asDevice = await test.app.inject({ method: 'GET', url: ref, headers: test.auth('device') });
    expect(asDevice.statusCode).toBe(403);
    const anonymous = await test.app.inject({ method: 'GET', url: ref });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses what is not a photo, a photo too large, and names that are not photos', async () => {
    expect((await upload(Buffer.from('hello'), 'text/plain')).statusCode).toBe(415);
    expect((await upload(Buffer.alloc(MAX_PHOTO_BYTES + 1), 'image/png')).statusCode).toBe(413);
    for (const name of ['..%2F..%2Fetc%2Fpasswd', `${'0'.repeat(64)}.jpg`, 'x.jpg']) {
      const response = await test.app.inject({
        method: 'GET',
        url: `/api/photos/${name}`,
        headers: test.auth('operator'),
      });
      expect(response.statusCode, name).toBe(404);
    }
  });
});
