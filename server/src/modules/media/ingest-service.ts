// Ingest that is not WHIP: the RTMP listener for body cameras that push RTMP (with the stream
// keys that admit them) and the fixed cameras pulled by RTSP, with where each stands and looks.
// Owns both and closes them on stop; tells listeners when a camera changes (placement, pull state).
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { CameraPlacementBody, FixedCamera, FixedCameraBody, StreamKeyIssued } from '@fcc/shared';
import type { Database } from '../../db/client';
import { AppError, BadRequestError, NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import type { DevicesRepository } from '../devices/devices-repository';
import { CameraPulls } from './camera-pulls';
import type { FixedCameraRow, FixedCamerasRepository } from './fixed-cameras-repository';
import type { MediaConfig, MediaService } from './media-service';
import { RTMP_APP, RtmpIngest, hashStreamKey } from './rtmp-ingest';
import { RtmpListener } from './rtmp-listener';
import { maskRtspUrl } from './rtsp-url';
import type { StreamKeysRepository } from './stream-keys-repository';

class NotAFixedCameraError extends AppError {
  constructor(kind: string) {
    super(422, `Only a device of kind "fixed_camera" is pulled by RTSP; this one is a ${kind}.`);
  }
}

class CameraNotRegisteredError extends NotFoundError {
  constructor(deviceId: string) {
    super(
      `Device ${deviceId} is not a registered fixed camera: register its RTSP URL and location first ` +
        `(PUT /api/media/cameras/${deviceId}).`,
    );
  }
}

interface IngestEvents {
  /** A fixed camera was registered, placed, or its pull changed state. */
  camera: [FixedCamera];
  /** A fixed camera was unregistered (its device id). */
  'camera-removed': [string];
}

export class IngestService extends EventEmitter<IngestEvents> {
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
    super();
    this.pulls = new CameraPulls(
      cameras,
      media,
      {
        ffmpegPath: config.ffmpegPath,
        stallMs: 10_000,
        firstRetryMs: 1000,
        maxRetryMs: 30_000,
        onState: (deviceId) => this.announce(deviceId),
      },
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
    return (await this.cameras.list()).map((camera) => this.toCamera(camera));
  }

  private toCamera(camera: FixedCameraRow): FixedCamera {
    return {
      deviceId: camera.deviceId,
      name: camera.name,
      rtspUrl: maskRtspUrl(camera.rtspUrl),
      location: camera.location,
      bearing: camera.bearing,
      fov: camera.fov,
      rangeMetres: camera.rangeMetres,
      pull: this.pulls.stateOf(camera.deviceId),
    };
  }

  /** The camera as it stands after a change, told to the listeners. */
  private async changedCamera(deviceId: string): Promise<FixedCamera> {
    const row = await this.cameras.find(deviceId);
    if (!row) throw new CameraNotRegisteredError(deviceId); // removed meanwhile
    const camera = this.toCamera(row);
    this.emit('camera', camera);
    return camera;
  }

  private announce(deviceId: string): void {
    this.changedCamera(deviceId).catch((error: unknown) => {
      // Removed meanwhile, or the database blinked: the next change (or a reload) catches up.
      this.log.debug({ err: error, deviceId }, 'camera pull change not announced');
    });
  }

  /** Registers (or updates) the RTSP source of a fixed camera; a running pull restarts with it. */
  async setCamera(actor: AuditActor, deviceId: string, body: FixedCameraBody): Promise<FixedCamera> {
    await this.db.transaction(async (tx) => {
      const device = await this.devices.findById(tx, deviceId);
      if (!device) throw new NotFoundError(`No device with id ${deviceId}.`);
      if (device.kind !== 'fixed_camera') throw new NotAFixedCameraError(device.kind);
      const { rtspUrl, location, ...view } = body;
      await this.cameras.upsert(tx, deviceId, rtspUrl, location, view);
      await this.audit.record(tx, actor, {
        action: 'device.camera-set',
        targetType: 'device',
        targetId: deviceId,
        details: { ...body, rtspUrl: maskRtspUrl(rtspUrl) },
      });
    });
    await this.pulls.changed(deviceId);
    return this.changedCamera(deviceId);
  }

  /**
   * Moves or turns a registered camera (location, bearing, field of view, range). The pull is
   * left alone: where a camera is drawn does not change what it sends.
   */
  async placeCamera(actor: AuditActor, deviceId: string, body: CameraPlacementBody): Promise<FixedCamera> {
    if (Object.keys(body).length === 0) {
      throw new BadRequestError('Nothing to change: send location, bearing, fov or rangeMetres.');
    }
    await this.db.transaction(async (tx) => {
      const before = await this.cameras.placementForUpdate(tx, deviceId);
      if (!before) {
        const device = await this.devices.findById(tx, deviceId);
        if (!device) throw new NotFoundError(`No device with id ${deviceId}.`);
        if (device.kind !== 'fixed_camera') throw new NotAFixedCameraError(device.kind);
        throw new CameraNotRegisteredError(deviceId);
      }
      await this.cameras.setPlacement(tx, deviceId, body);
      const previous = Object.fromEntries(
        Object.keys(body).map((key) => [key, before[key as keyof typeof before]]),
      );
      await this.audit.record(tx, actor, {
        action: 'device.camera-placed',
        targetType: 'device',
        targetId: deviceId,
        details: { ...body, previous },
      });
    });
    return this.changedCamera(deviceId);
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
    this.emit('camera-removed', deviceId);
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
