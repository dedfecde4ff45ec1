// How a simulated body camera gets its loop to the server: WHIP (a werift peer fed by ffmpeg
// `-c copy` to RTP on loopback, so nothing is encoded live) or RTMP (ffmpeg `-c copy` FLV push to
// the URL of the device's stream key). Both can stop on purpose (the stream ends) or just drop
// (a 4G loss: the server waits for the device to come back and resumes the same stream).
import dgram from 'node:dgram';
import { MediaStreamTrack } from 'werift';
import { FfmpegChild } from './ffmpeg';
import { connected, deleteSession, devicePeer, exchangeSdp, gatheredOffer } from './webrtc';

export interface CameraPublisher {
  /** The server's stream id (WHIP answers it; an RTMP push does not learn it). */
  readonly streamId: string | null;
  /** Resolves with the reason when the publisher stops on its own (ffmpeg exited, the peer failed). */
  readonly failed: Promise<string>;
  /** Stops on purpose: the server ends the stream. */
  stop(): Promise<void>;
  /** Goes silent without telling the server, as on a 4G loss or a dead battery. */
  drop(): Promise<void>;
}

export interface PublishTarget {
  server: string;
  deviceId: string;
  token: string;
  clip: string;
  ffmpeg: string;
}

/** ffmpeg's RTP packets are at most this big, leaving room for SRTP and header extensions. */
const RTP_PACKET_SIZE = 1200;

export class WhipPublisher implements CameraPublisher {
  readonly failed: Promise<string>;
  private fail: (reason: string) => void = () => {};
  private closed = false;

  private constructor(
    private readonly target: PublishTarget,
    private readonly pc: ReturnType<typeof devicePeer>,
    private readonly location: string,
    readonly streamId: string | null,
    private readonly sockets: dgram.Socket[],
    private readonly ffmpeg: FfmpegChild,
  ) {
    this.failed = new Promise((resolve) => (this.fail = resolve));
    void ffmpeg.exited.then(({ code, stderr }) => {
      if (!this.closed) this.fail(`ffmpeg stopped (exit ${code}${stderr ? `: ${stderr}` : ''})`);
    });
    pc.connectionStateChange.subscribe((state) => {
      if (!this.closed && (state === 'failed' || state === 'closed')) this.fail(`WebRTC connection ${state}`);
    });
  }

  /** The WHIP exchange, then the loop; throws ServerRejection when the server answers 4xx. */
  static async start(target: PublishTarget): Promise<WhipPublisher> {
    const pc = devicePeer(target.server);
    const tracks = {
      video: new MediaStreamTrack({ kind: 'video' }),
      audio: new MediaStreamTrack({ kind: 'audio' }),
    };
    pc.addTransceiver(tracks.video, { direction: 'sendonly' });
    pc.addTransceiver(tracks.audio, { direction: 'sendonly' });
    const sockets: dgram.Socket[] = [];
    try {
      const url = new URL(`/api/media/devices/${target.deviceId}/whip`, target.server);
      const answer = await exchangeSdp(url, target.token, await gatheredOffer(pc), 'WHIP publish');
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      // Not DELETEd when the peer does not come up (a loaded machine, a lossy link): the server
      // holds the stream, and the next attempt resumes it instead of opening another.
      await connected(pc).catch((error: unknown) => {
        throw new PeerFailed((error as Error).message);
      });
      for (const kind of ['video', 'audio'] as const) {
        const socket = dgram.createSocket('udp4');
        socket.on('message', (packet) => tracks[kind].writeRtp(packet));
        await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
        sockets.push(socket);
      }
      const rtp = (socket: dgram.Socket) =>
        `rtp://127.0.0.1:${socket.address().port}?pkt_size=${RTP_PACKET_SIZE}`;
      const ffmpeg = new FfmpegChild(target.ffmpeg, [
        ...['-re', '-stream_loop', '-1', '-i', target.clip],
        ...['-map', '0:v:0', '-c', 'copy', '-f', 'rtp', rtp(sockets[0]!)],
        ...['-map', '0:a:0', '-c', 'copy', '-f', 'rtp', rtp(sockets[1]!)],
      ]);
      return new WhipPublisher(target, pc, answer.location, answer.streamId, sockets, ffmpeg);
    } catch (error) {
      for (const socket of sockets) socket.close();
      await pc.close().catch(() => undefined);
      throw error;
    }
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    await deleteSession(this.location, this.target.token).catch(() => undefined);
    await this.drop();
  }

  async drop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ffmpeg.stop('SIGKILL');
    for (const socket of this.sockets) socket.close();
    await this.pc.close().catch(() => undefined);
  }
}

/** An RTMP push needs this long without ffmpeg failing before it counts as publishing. */
const RTMP_SETTLE_MS = 1500;

export class RtmpPublisher implements CameraPublisher {
  readonly streamId = null;
  readonly failed: Promise<string>;
  private closed = false;

  private constructor(private readonly ffmpeg: FfmpegChild) {
    this.failed = ffmpeg.exited.then(({ code, stderr }) =>
      this.closed ? 'stopped' : `the RTMP push stopped (ffmpeg exit ${code}${stderr ? `: ${stderr}` : ''})`,
    );
  }

  /**
   * Pushes the loop (H.264 and the AAC track) to the stream key's URL. A key the server does
   * not know closes the connection at once: that is thrown as RtmpRefused.
   */
  static async start(rtmpUrl: string, clip: string, ffmpeg: string): Promise<RtmpPublisher> {
    const child = new FfmpegChild(ffmpeg, [
      ...['-re', '-stream_loop', '-1', '-i', clip],
      ...['-map', '0:v:0', '-map', '0:a:1', '-c', 'copy', '-f', 'flv', rtmpUrl],
    ]);
    const early = await Promise.race([
      child.exited,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), RTMP_SETTLE_MS)),
    ]);
    if (early) {
      const message = early.stderr || `ffmpeg exited ${early.code}`;
      // Not reaching the server is the network's fault (retried); anything else is a refusal.
      throw UNREACHABLE.test(message) ? new Error(message) : new RtmpRefused(message);
    }
    return new RtmpPublisher(child);
  }

  /** SIGINT: ffmpeg unpublishes cleanly and the server ends the stream. */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ffmpeg.stop('SIGINT');
  }

  /** SIGKILL: the TCP connection just drops; the server keeps the stream for the grace period. */
  async drop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ffmpeg.stop('SIGKILL');
  }
}

export class RtmpRefused extends Error {}

/** The server answered the WHIP offer (so it holds a stream for us) but the peer did not connect. */
export class PeerFailed extends Error {}

const UNREACHABLE = /connection refused|timed out|network is unreachable|no route to host|connection reset/i;
