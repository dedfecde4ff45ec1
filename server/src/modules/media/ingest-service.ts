// Ingest that is not WHIP: the RTMP listener for body cameras that push RTMP (with the stream
// keys that admit them) and the fixed cameras pulled by RTSP. Owns both and closes them on stop.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { FixedCamera, FixedCameraBody, StreamKeyIssued } from '@fcc/shared';
import type { Database } from '../../db/client';
import { AppError, NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import type { DevicesRepository } from '../devices/devices-repository';
import { CameraPulls } from './camera-pulls';
import type { FixedCamerasRepository } from './fixed-cameras-repository';
import type { MediaConfig, MediaService } from './media-service';
import { RTMP_APP, RtmpIngest, hashStreamKey } from './rtmp-ingest';
import { RtmpListener } from './rtmp-listener';
import type { StreamKeysRepository } from './stream-keys-repository';

class NotAFixedCameraError extends AppError {
  constructor(kind: string) {
    super(422, `Only a device of kind "fixed_camera" is pulled by RTSP; this one is a ${kind}.`);
  }
}

/** rtsp://user:secret@host/… → rtsp://user:***@host/… (URLs are shown, passwords are not). */
export function maskRtspUrl(url: string): string {
  return url.replace(/^(rtsps?:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

export class IngestService {
  private rtmp: RtmpListener | null = null;
  private readonly pulls: CameraPulls;

  constructor(
    private readonly db: Database,
    private readonly keys: StreamKeysRepository,
    private readonly cameras: FixedCamerasRepository,
    private readonly devices: DevicesRepository,
    private readonly media: MediaService,
    private readonly audit: AuditService,
    private readonly config: MediaConfig,
    private readonly log: Logger,
  ) {
    this.pulls = new CameraPulls(
      cameras,
      media,
      { ffmpegPath: config.ffmpegPath, stallMs: 10_000, firstRetryMs: 1000, maxRetryMs: 30_000 },
      log.child({ ingest: 'rtsp' }),
    );
    media.attachCameras(this.pulls);
  }

  async start(): Promise<void> {
    await this.pulls.start();
    if (this.config.rtmpPort === null) return;
    const ingest = new RtmpIngest(this.keys, this.media, this.config.ffmpegPath, this.log);
    this.rtmp = await RtmpListener.create({
      host: this.config.rtmpHost,
      port: this.config.rtmpPort,
      authorize: ingest.authorize,
      log: this.log.child({ ingest: 'rtmp' }),
    });
    this.log.info({ host: this.config.rtmpHost, port: this.rtmp.port }, 'RTMP listener started');
  }

  async stop(): Promise<void> {
    await this.pulls.stop();
    await this.rtmp?.close();
    this.rtmp = null;
  }

  /** The RTMP port listened on (the configured one, or the one picked for port 0); null when off. */
  get rtmpPort(): number | null {
    return this.rtmp?.port ?? null;
  }

  /** A new key replaces the old one at once; the key is returned only here. */
  async issueStreamKey(actor: AuditActor, deviceId: string, serverHost: string): Promise<StreamKeyIssued> {
    const streamKey = `sk_${randomBytes(24).toString('base64url')}`;
    return this.db.transaction(async (tx) => {
      const device = await this.devices.findById(tx, deviceId);
      if (!device) throw new NotFoundError(`No device with id ${deviceId}.`);
      const issuedAt = await this.keys.set(tx, deviceId, hashStreamKey(streamKey));
      await this.audit.record(tx, actor, {
        action: 'device.stream-key-issued',
        targetType: 'device',
        targetId: deviceId,
      });
      const port = this.rtmpPort ?? this.config.rtmpPort ?? 1935;
      return {
        deviceId,
        streamKey,
        rtmpUrl: `rtmp://${serverHost}:${port}/${RTMP_APP}/${streamKey}`,
        issuedAt: issuedAt.toISOString(),
      };
    });
  }

  async listCameras(): Promise<FixedCamera[]> {
    return (await this.cameras.list()).map((camera) => ({
      deviceId: camera.deviceId,
      name: camera.name,
      rtspUrl: maskRtspUrl(camera.rtspUrl),
      location: camera.location,
      pull: this.pulls.stateOf(camera.deviceId),
    }));
  }

  /** Registers (or updates) the RTSP source of a fixed camera; a running pull restarts with it. */
  async setCamera(actor: AuditActor, deviceId: string, body: FixedCameraBody): Promise<FixedCamera> {
    await this.db.transaction(async (tx) => {
      const device = await this.devices.findById(tx, deviceId);
      if (!device) throw new NotFoundError(`No device with id ${deviceId}.`);
      if (device.kind !== 'fixed_camera') throw new NotAFixedCameraError(device.kind);
      await this.cameras.upsert(tx, deviceId, body.rtspUrl, body.location);
      await this.audit.record(tx, actor, {
        action: 'device.camera-set',
        targetType: 'device',
        targetId: deviceId,
        details: { rtspUrl: maskRtspUrl(body.rtspUrl), location: body.location },
      });
    });
    await this.pulls.changed(deviceId);
    return (await this.listCameras()).find((camera) => camera.deviceId === deviceId)!;
  }

  async removeCamera(actor: AuditActor, deviceId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.cameras.remove(tx, deviceId))) {
        throw new NotFoundError(`Device ${deviceId} is not a registered fixed camera.`);
      }
      await this.audit.record(tx, actor, {
        action: 'device.camera-removed',
        targetType: 'device',
        targetId: deviceId,
      });
    });
    await this.pulls.changed(deviceId);
  }

  async revokeStreamKey(actor: AuditActor, deviceId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.keys.remove(tx, deviceId))) {
        throw new NotFoundError(`Device ${deviceId} has no RTMP stream key.`);
      }
      await this.audit.record(tx, actor, {
        action: 'device.stream-key-revoked',
        targetType: 'device',
        targetId: deviceId,
      });
    });
  }
}
