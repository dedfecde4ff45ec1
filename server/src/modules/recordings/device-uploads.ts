// Device uploads (tus, resumable): a body camera records at full quality and uploads the file when
// docked or on Wi-Fi. An interrupted upload resumes where the server's offset says (HEAD, then
// PATCH the rest). When the last byte is in, the file is hashed and compared with the SHA-256 the
// device declared, probed with ffprobe, moved into the recordings folder and indexed as a
// recording of source 'upload' with one segment, chained like every other, so verification,
// description, cases, retention and export treat it like a live recording. A file that does not
// check out is deleted and nothing is indexed; the final PATCH answers why (4xx, text).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { MemoryLocker, Server, type ServerOptions } from '@tus/server';
import type { Upload } from '@tus/utils';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { isUniqueViolation } from '../../db/pg-errors';
import type { AuditService } from '../audit/audit-service';
import type { DevicePrincipal } from '../auth/principal';
import { probeMedia, resolveFfprobe } from './media-probe';
import type { RecordingsRepository } from './recordings-repository';
import { hashFile } from './stream-recording';
import type { UploadFiles } from './upload-expiry';
import { parseUploadMetadata } from './upload-metadata';

export const UPLOADS_PATH = '/api/uploads';

/** tus hooks reject by throwing this; the status and text go to the device. */
interface TusRejection {
  status_code: number;
  body: string;
}
const reject = (status: number, message: string): TusRejection => ({
  status_code: status,
  body: `${message}\n`,
});

type UploadSettings = Pick<
  Config['recordings'],
  'dir' | 'uploadsDir' | 'uploadMaxBytes' | 'uploadMaxFutureSeconds' | 'uploadMaxHours' | 'ffprobePath'
>;

type Request = Parameters<NonNullable<ServerOptions['onUploadCreate']>>[0];

export class DeviceUploads {
  private readonly tus: Server;
  private readonly ffprobe: string;
  /** The uploads in progress, for the expiry of abandoned ones. */
  readonly files: UploadFiles;
  /** The device behind each request being handled (the tus hooks see only the request). */
  private readonly principals = new WeakMap<IncomingMessage, { principal: DevicePrincipal; ip: string }>();

  constructor(
    private readonly db: Database,
    private readonly repository: RecordingsRepository,
    private readonly audit: AuditService,
    private readonly officerExists: (officerId: string) => Promise<boolean>,
    private readonly settings: UploadSettings,
    private readonly log: Logger,
  ) {
    this.ffprobe = resolveFfprobe(settings.ffprobePath);
    this.files = {
      dir: settings.uploadsDir,
      store: new FileStore({ directory: settings.uploadsDir }),
      locker: new MemoryLocker(),
    };
    this.tus = new Server({
      path: UPLOADS_PATH,
      datastore: this.files.store,
      locker: this.files.locker,
      maxSize: settings.uploadMaxBytes,
      relativeLocation: true,
      exposedHeaders: ['X-Recording-Id'],
      onIncomingRequest: (req, id) => this.checkOwner(req, id),
      onUploadCreate: (req, upload) => this.accept(req, upload),
      onUploadFinish: (req, upload) => this.finish(req, upload),
    });
  }

  async start(): Promise<void> {
    await fs.mkdir(this.settings.uploadsDir, { recursive: true });
  }

  /** Hands a request (authenticated as a device by the route) to the tus server. */
  async handle(
    principal: DevicePrincipal,
    ip: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    this.principals.set(req, { principal, ip });
    await this.tus.handle(req, res);
  }

  private device(req: Request): DevicePrincipal {
    return this.caller(req).principal;
  }

  private caller(req: Request): { principal: DevicePrincipal; ip: string } {
    const node = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
    const caller = node ? this.principals.get(node) : undefined;
    if (!caller) throw reject(401, 'A device token is required.');
    return caller;
  }

  /** HEAD, PATCH and DELETE of an upload: only the device that created it. */
  private async checkOwner(req: Request, id: string): Promise<void> {
    if (req.method === 'POST') return;
    const principal = this.device(req);
    const upload = await this.tus.datastore.getUpload(id).catch(() => null);
    if (upload && upload.metadata?.deviceId !== principal.device.id)
      throw reject(403, `Upload ${id} belongs to another device.`);
  }

  /** POST: the declaration is checked before any byte is taken; the device id is stored with it. */
  private async accept(req: Request, upload: Upload): Promise<{ metadata: Upload['metadata'] }> {
    const principal = this.device(req);
    if (upload.size === undefined)
      throw reject(
        400,
        'Upload-Length is required: the device knows the size of its file (deferred length is not accepted).',
      );
    const parsed = parseUploadMetadata(upload.metadata ?? {}, principal.device.id, {
      now: new Date(),
      maxFutureSeconds: this.settings.uploadMaxFutureSeconds,
      maxHours: this.settings.uploadMaxHours,
    });
    if (!parsed.ok) throw reject(422, parsed.problem);
    const officerId = parsed.value.officerId;
    if (officerId && !(await this.officerExists(officerId))) throw reject(422, `No officer ${officerId}.`);
    const existing = await this.repository.findUpload(principal.device.id, parsed.value.sha256);
    if (existing)
      throw reject(
        409,
        `This file (SHA-256 ${parsed.value.sha256.toString('hex')}) was uploaded already: recording ${existing}.`,
      );
    return { metadata: { ...upload.metadata, deviceId: principal.device.id } };
  }

  /** The last PATCH: verify, probe, move and index, or discard the file and say why. */
  private async finish(req: Request, upload: Upload): Promise<{ headers: Record<string, string> }> {
    const { principal, ip } = this.caller(req);
    const stored = path.join(this.settings.uploadsDir, upload.id);
    const discard = async (status: number, message: string): Promise<never> => {
      await this.tus.datastore.remove(upload.id).catch(() => undefined);
      this.log.warn(
        { uploadId: upload.id, deviceId: principal.device.id, status, message },
        'upload rejected',
      );
      throw reject(status, `${message} The upload was discarded; upload the file again.`);
    };
    const declared = parseUploadMetadata(upload.metadata ?? {}, principal.device.id, {
      now: new Date(upload.creation_date ?? Date.now()),
      maxFutureSeconds: this.settings.uploadMaxFutureSeconds,
      maxHours: this.settings.uploadMaxHours,
    });
    if (!declared.ok) return discard(422, declared.problem);
    const { sha256, bytes } = await hashFile(stored);
    if (!sha256.equals(declared.value.sha256))
      return discard(
        422,
        `The file's SHA-256 is ${sha256.toString('hex')} but the device declared ${declared.value.sha256.toString('hex')}: it was damaged on the way or the declaration is wrong.`,
      );
    const probe = await probeMedia(this.ffprobe, stored);
    if (!probe.ok) return discard(415, `Not a media file: ${probe.problem}.`);
    if (probe.info.seconds > this.settings.uploadMaxHours * 3600)
      return discard(
        422,
        `The file is ${Math.round(probe.info.seconds)} s long, more than ${this.settings.uploadMaxHours} hours.`,
      );

    const id = randomUUID();
    const extension = probe.container === 'matroska' ? 'mkv' : probe.container;
    const name = `upload-00000.${extension}`;
    const folder = path.join(this.settings.dir, id);
    await fs.mkdir(folder, { recursive: true });
    await fs.rename(stored, path.join(folder, name));
    const startedAt = declared.value.startedAt;
    const officerId = declared.value.officerId ?? principal.device.officerId;
    const note = [
      `uploaded by device ${principal.device.uniqueId}`,
      declared.value.filename ? `as ${declared.value.filename}` : null,
      `declared ${declared.value.durationSeconds} s, probed ${probe.info.seconds.toFixed(3)} s`,
    ]
      .filter(Boolean)
      .join('; ');
    try {
      await this.repository.insertUpload({
        id,
        deviceId: principal.device.id,
        officerId,
        container: probe.container,
        mediaInfo: probe.info,
        closeReason: 'uploaded by the device',
        segment: {
          path: `${id}/${name}`,
          startedAt: startedAt.toISOString(),
          endedAt: new Date(startedAt.getTime() + Math.round(probe.info.seconds * 1000)).toISOString(),
          bytes,
          sha256,
          gapBefore: false,
          repaired: false,
          note,
        },
      });
    } catch (error) {
      await fs.rm(folder, { recursive: true, force: true });
      await this.tus.datastore.remove(upload.id).catch(() => undefined);
      if (isUniqueViolation(error))
        throw reject(409, `This file (SHA-256 ${sha256.toString('hex')}) was uploaded already.`);
      throw error;
    }
    // The file moved into the archive; what is left of the upload is its tus bookkeeping.
    await fs.rm(`${stored}.json`, { force: true });
    await this.audit.record(
      this.db,
      { principal, ip },
      {
        action: 'recording.uploaded',
        targetType: 'recording',
        targetId: id,
        details: {
          sha256: sha256.toString('hex'),
          bytes,
          officerId,
          startedAt: startedAt.toISOString(),
          filename: declared.value.filename,
          mediaInfo: probe.info,
        },
      },
    );
    this.log.info({ recordingId: id, deviceId: principal.device.id, bytes }, 'upload indexed');
    return { headers: { 'X-Recording-Id': id } };
  }
}
