// A minimal tus 1.0 client over node:http for upload tests: create, HEAD for the offset, PATCH a
// chunk, and a PATCH cut off mid-body (the connection dropped as a device leaves Wi-Fi).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ffmpegPath, run } from './media-peers';

export interface TusResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  url: string,
  method: string,
  headers: Record<string, string | number>,
  body?: Buffer,
): Promise<TusResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'tus-resumable': '1.0.0', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const encode = (metadata: Record<string, string>) =>
  Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

export const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function createUpload(
  base: string,
  token: string,
  size: number,
  metadata: Record<string, string>,
): Promise<TusResponse> {
  return request(`${base}/api/uploads`, 'POST', {
    authorization: `Bearer ${token}`,
    'upload-length': size,
    'upload-metadata': encode(metadata),
    'content-length': 0,
  });
}

export async function uploadOffset(uploadUrl: string, token: string): Promise<TusResponse> {
  return request(uploadUrl, 'HEAD', { authorization: `Bearer ${token}` });
}

export function patch(uploadUrl: string, token: string, offset: number, data: Buffer): Promise<TusResponse> {
  return request(
    uploadUrl,
    'PATCH',
    {
      authorization: `Bearer ${token}`,
      'upload-offset': offset,
      'content-type': 'application/offset+octet-stream',
      'content-length': data.length,
    },
    data,
  );
}

/**
 * Announces `data` whole but sends only the first `sent` bytes, then drops the connection.
 * Resolves once the socket is closed.
 */
export function patchCut(
  uploadUrl: string,
  token: string,
  offset: number,
  data: Buffer,
  sent: number,
): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(uploadUrl, {
      method: 'PATCH',
      headers: {
        'tus-resumable': '1.0.0',
        authorization: `Bearer ${token}`,
        'upload-offset': offset,
        'content-type': 'application/offset+octet-stream',
        'content-length': data.length,
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(data.subarray(0, sent), () => {
      // Let the server take the bytes in before the connection goes.
      setTimeout(() => req.destroy(), 500);
    });
  });
}

/** A short MP4 (H.264 + AAC) as a body camera writes it, made once per machine. */
export async function bodycamClip(seconds = 3): Promise<string> {
  const file = path.join(os.tmpdir(), `fcc-bodycam-upload-${seconds}s-v1.mp4`);
  if (fs.existsSync(file)) return file;
  const partial = `${file}.${process.pid}.partial.mp4`;
  await run(ffmpegPath(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x240:rate=15',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    String(seconds),
    '-pix_fmt',
    'yuv420p',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-movflags',
    '+faststart',
    partial,
  ]);
  fs.renameSync(partial, file);
  return file;
}
