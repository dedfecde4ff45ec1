// RTMP push from body cameras into the relay: the stream key in the URL names the device; the
// FLV tags go to ffmpeg, which copies H.264 and encodes the audio (AAC) to Opus, as RTP into
// the same relay a WHIP publisher feeds. ffmpeg starts at the first keyframe, so the stream row
// appears when there is something to watch; a dropped connection leaves the stream
// reconnecting (a camera pushing again with the key resumes it), a clean unpublish ends it.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../../http/errors';
import type { FfmpegRtpSource } from './ffmpeg-rtp-source';
import { FfmpegRtpSource as Source, RTP_INGEST_PAYLOAD_TYPES } from './ffmpeg-rtp-source';
import type { MediaService, SourceHandle } from './media-service';
import {
  RtmpRejected,
  flvHeader,
  type FlvPacket,
  type RtmpPublishRequest,
  type RtmpPublishing,
} from './rtmp-listener';
import type { CodecChoice } from './sdp-offer';
import type { StreamKeyDevice, StreamKeysRepository } from './stream-keys-repository';

export const RTMP_APP = 'live';
const FLV_H264 = 7;
const MAX_PACKETS_BEFORE_KEYFRAME = 400;

export const hashStreamKey = (key: string) => createHash('sha256').update(key).digest();

/** What the relay is told about an RTP source from ffmpeg (H.264 copied, Opus encoded). */
export function ingestCodecs(audio: boolean): CodecChoice {
  return {
    video: {
      name: 'H264',
      codec: {
        payloadType: RTP_INGEST_PAYLOAD_TYPES.video,
        name: 'H264',
        clockRate: 90_000,
        parameters: 'packetization-mode=1',
        rtcpFeedback: [],
      },
    },
    audio: audio
      ? {
          name: 'opus',
          codec: {
            payloadType: RTP_INGEST_PAYLOAD_TYPES.audio,
            name: 'opus',
            clockRate: 48_000,
            channels: 2,
            parameters: '',
            rtcpFeedback: [],
          },
        }
      : null,
  };
}

export class RtmpIngest {
  constructor(
    private readonly keys: StreamKeysRepository,
    private readonly media: MediaService,
    private readonly ffmpegPath: string,
    private readonly log: Logger,
  ) {}

  /** The listener's check of a publish: the app must be "live" and the key a device's. */
  readonly authorize = async (request: RtmpPublishRequest): Promise<RtmpPublishing> => {
    if (request.app !== RTMP_APP) {
      throw new RtmpRejected(`Publish to rtmp://<server>/${RTMP_APP}/<stream key>, not to "${request.app}".`);
    }
    const device = request.key ? await this.keys.findDevice(hashStreamKey(request.key)) : undefined;
    if (!device) {
      this.log.warn({ remote: request.remote }, 'RTMP publish with an unknown stream key refused');
      throw new RtmpRejected('Unknown stream key. Ask an administrator for the device’s current key.');
    }
    return new RtmpPublisher(
      device,
      request,
      this.media,
      this.ffmpegPath,
      this.log.child({ deviceId: device.id }),
    );
  };
}

class RtmpPublisher implements RtmpPublishing {
  private pending: FlvPacket[] = [];
  private audio = false;
  private starting = false;
  private source: FfmpegRtpSource | null = null;
  private stdin: NodeJS.WritableStream | null = null;
  private handle: SourceHandle | null = null;
  private over = false;

  constructor(
    private readonly device: StreamKeyDevice,
    private readonly request: RtmpPublishRequest,
    private readonly media: MediaService,
    private readonly ffmpegPath: string,
    private readonly log: Logger,
  ) {}

  packet(packet: FlvPacket): void {
    if (this.over) return;
    if (this.stdin) {
      this.stdin.write(packet.tag);
      return;
    }
    if (packet.kind === 'video' && packet.codecId !== FLV_H264) {
      this.request.disconnect(`Video must be H.264 (FLV codec id 7), got codec id ${packet.codecId}.`);
      return;
    }
    this.pending.push(packet);
    if (packet.kind === 'audio') this.audio = true;
    if (packet.keyframe && !this.starting) void this.start();
    else if (this.pending.length > MAX_PACKETS_BEFORE_KEYFRAME && !this.starting) {
      this.request.disconnect('No H.264 keyframe arrived; send keyframes at least every few seconds.');
    }
  }

  ended(clean: boolean): void {
    if (this.over) return;
    this.over = true;
    this.pending = [];
    const handle = this.handle;
    this.handle = null;
    if (handle) {
      if (clean) void handle.end('stopped by the publisher');
      else handle.detach(); // a 4G drop: the stream waits for the camera to push again
      this.log.info({ streamId: handle.streamId, clean }, 'RTMP publisher gone');
    }
    void this.source?.close();
  }

  private async start(): Promise<void> {
    this.starting = true;
    let source: FfmpegRtpSource & { child: ChildProcess };
    try {
      source = await Source.create({
        ffmpegPath: this.ffmpegPath,
        inputArgs: ['-fflags', '+nobuffer', '-analyzeduration', '500000', '-f', 'flv', '-i', 'pipe:0'],
        audio: this.audio,
        log: this.log.child({ ingest: 'rtmp' }),
      });
    } catch (error) {
      this.log.error({ err: error }, 'ffmpeg could not start for an RTMP stream');
      return this.request.disconnect('The server could not start this stream; try again later.');
    }
    this.source = source;
    if (this.over) return void source.close();
    try {
      this.handle = await this.media.publishSource(this.device, 'rtmp', ingestCodecs(this.audio), source);
    } catch (error) {
      await source.close();
      if (!(error instanceof AppError)) this.log.error({ err: error }, 'RTMP stream could not start');
      this.request.disconnect(error instanceof AppError ? error.message : 'The stream could not start.');
      return;
    }
    if (this.over) return this.ended(false);
    source.once('exit', ({ reason }) => {
      if (!this.over) this.request.disconnect(`The server's remux of this stream stopped: ${reason}`);
    });
    const stdin = source.child.stdin!;
    stdin.write(flvHeader(this.audio, true));
    for (const packet of this.pending) stdin.write(packet.tag);
    this.pending = [];
    this.stdin = stdin;
    this.log.info({ streamId: this.handle.streamId, audio: this.audio }, 'RTMP stream started');
  }
}
