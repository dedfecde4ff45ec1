// Ingest that is not WHIP: the RTMP listener for body cameras that push RTMP (with the stream
// keys that admit them). Owns the listener and closes it on stop.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { StreamKeyIssued } from '@fcc/shared';
import type { Database } from '../../db/client';
import { NotFoundError } from '../../http/errors';
import type { AuditActor, AuditService } from '../audit/audit-service';
import type { DevicesRepository } from '../devices/devices-repository';
import type { MediaConfig, MediaService } from './media-service';
import { RTMP_APP, RtmpIngest, hashStreamKey } from './rtmp-ingest';
import { RtmpListener } from './rtmp-listener';
import type { StreamKeysRepository } from './stream-keys-repository';

export class IngestService {
  private rtmp: RtmpListener | null = null;

  constructor(
    private readonly db: Database,
    private readonly keys: StreamKeysRepository,
    private readonly devices: DevicesRepository,
    private readonly media: MediaService,
    private readonly audit: AuditService,
    private readonly config: MediaConfig,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
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
