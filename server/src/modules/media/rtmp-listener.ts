// The RTMP listener for body cameras that push RTMP: one TCP port for every device, each
// publishing to rtmp://<host>:<port>/live/<stream key>. node-media-server's protocol state
// machine does the handshake, chunk stream and AMF commands; we answer the publish only once
// the key is checked, and hand the audio/video messages (as FLV tags) to whoever accepted it.
import net from 'node:net';
import type { Logger } from 'pino';
import Flv from 'node-media-server/src/protocol/flv.js';
import Rtmp, { type RtmpAvPacket } from 'node-media-server/src/protocol/rtmp.js';
import nmsLogger from 'node-media-server/src/core/logger.js';

export interface FlvPacket {
  kind: 'audio' | 'video';
  /** FLV codec id: 7 H.264, 10 AAC. */
  codecId: number;
  keyframe: boolean;
  sequenceHeader: boolean;
  /** The message as an FLV tag (own copy). */
  tag: Buffer;
}

export interface RtmpPublishRequest {
  app: string;
  key: string;
  remote: string;
  /** Ends the connection (the encoder is told why when it still listens). */
  disconnect(reason: string): void;
}

export interface RtmpPublishing {
  packet(packet: FlvPacket): void;
  /** The connection is gone; clean: the encoder said it stops (deleteStream) before closing. */
  ended(clean: boolean): void;
}

/** Thrown by `authorize` to refuse a publish with a message for the encoder's log. */
export class RtmpRejected extends Error {}

export interface RtmpListenerOptions {
  host: string;
  port: number;
  authorize(request: RtmpPublishRequest): Promise<RtmpPublishing>;
  log: Logger;
  /** A connection that has not published within this is closed. */
  publishTimeoutMs?: number;
}

const MAX_PENDING_PACKETS = 500;

export class RtmpListener {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly options: RtmpListenerOptions,
  ) {}

  static async create(options: RtmpListenerOptions): Promise<RtmpListener> {
    // node-media-server logs with console.log; its messages go to our logger instead.
    nmsLogger.level = 'warn';
    nmsLogger.log = (message: string, level = 'info') =>
      options.log[level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'debug'](
        { nms: message },
        'rtmp',
      );
    const server = net.createServer();
    const listener = new RtmpListener(server, options);
    server.on('connection', (socket) => listener.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => options.log.error({ err: error }, 'RTMP listener error'));
    return listener;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const { log } = this.options;
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const rtmp = new Rtmp();
    let publishing: RtmpPublishing | null = null;
    let pending: FlvPacket[] | null = null;
    let clean = false;
    let done = false;
    const timer = setTimeout(
      () => disconnect('no publish within the time allowed'),
      this.options.publishTimeoutMs ?? 10_000,
    );

    const disconnect = (reason: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      log.info({ remote, reason }, 'RTMP connection closed by the server');
      if (rtmp.streamId !== undefined) {
        rtmp.sendStatusMessage(rtmp.streamId, 'error', 'NetStream.Publish.BadName', reason);
      }
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    };

    rtmp.onOutputCallback = (buffer) => {
      if (!socket.destroyed) socket.write(buffer);
    };
    // The publish is answered once the key is known to be good (see onPushCallback).
    rtmp.respondPublish = () => undefined;
    rtmp.onDeleteStream = () => {
      clean = true;
    };
    rtmp.onPlayCallback = () => disconnect('this server takes RTMP publishers only; watch streams by WHEP');
    rtmp.onPacketCallback = (packet) => {
      const flv = toFlvPacket(packet);
      if (!flv) return;
      if (publishing) publishing.packet(flv);
      else if (pending && pending.length < MAX_PENDING_PACKETS) pending.push(flv);
    };
    rtmp.onPushCallback = () => {
      if (pending || publishing) return disconnect('publish sent twice on one connection');
      pending = [];
      const request = { app: rtmp.streamApp, key: rtmp.streamName, remote, disconnect };
      this.options.authorize(request).then(
        (accepted) => {
          if (done) return accepted.ended(false);
          clearTimeout(timer);
          publishing = accepted;
          rtmp.sendStatusMessage(
            rtmp.streamId,
            'status',
            'NetStream.Publish.Start',
            `/${rtmp.streamApp} is now published.`,
          );
          for (const packet of pending ?? []) accepted.packet(packet);
          pending = null;
          log.info({ remote, app: rtmp.streamApp }, 'RTMP publisher accepted');
        },
        (error: unknown) => {
          if (!(error instanceof RtmpRejected)) log.error({ err: error, remote }, 'RTMP publish failed');
          disconnect(error instanceof RtmpRejected ? error.message : 'internal error, try again later');
        },
      );
    };

    socket.on('data', (data) => {
      if (done) return;
      let error: string | null;
      try {
        error = rtmp.parserData(data);
      } catch (thrown) {
        error = (thrown as Error).message;
      }
      if (error) disconnect(`RTMP protocol error: ${error}`);
    });
    socket.on('error', (error) => log.debug({ err: error, remote }, 'RTMP socket error'));
    socket.on('close', () => {
      clearTimeout(timer);
      done = true;
      this.sockets.delete(socket);
      publishing?.ended(clean);
      publishing = null;
    });
  }
}

function toFlvPacket(packet: RtmpAvPacket): FlvPacket | null {
  const kind = packet.codec_type === 8 ? 'audio' : packet.codec_type === 9 ? 'video' : null;
  if (!kind) return null; // script data (onMetaData): ffmpeg does not need it
  return {
    kind,
    codecId: packet.codec_id,
    keyframe: kind === 'video' && packet.flags === 3,
    sequenceHeader: kind === 'video' ? packet.flags === 2 : packet.flags === 0,
    tag: Flv.createMessage(packet),
  };
}

export const flvHeader = (audio: boolean, video: boolean): Buffer => Flv.createHeader(audio, video);
