// ffmpeg as a stream's source for ingest that is not WebRTC (RTMP push, RTSP pull): ffmpeg
// writes RTP (H.264 copied, audio as Opus) to two loopback UDP ports of ours, and each packet
// goes to the relay as if a WHIP publisher had sent it. Owns the ffmpeg child and the sockets.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { RtpPacket } from 'werift';
import type { MediaKind, RelaySource } from './relay-stream';

export interface FfmpegRtpSourceOptions {
  ffmpegPath: string;
  /** Everything before the outputs: input options and `-i …`. */
  inputArgs: string[];
  /** Whether the input has audio to carry (encoded to Opus). */
  audio: boolean;
  log: Logger;
}

interface FfmpegRtpSourceEvents {
  rtp: [MediaKind, RtpPacket];
  /** ffmpeg ended (input closed, unreachable, or killed by close()); the last stderr lines say why. */
  exit: [{ code: number | null; reason: string }];
}

/** Payload types as the relay's stream codecs name them (viewers' senders rewrite them anyway). */
export const RTP_INGEST_PAYLOAD_TYPES = { video: 96, audio: 111 } as const;

export class FfmpegRtpSource extends EventEmitter<FfmpegRtpSourceEvents> implements RelaySource {
  private readonly abort = new AbortController();
  private closed = false;
  private readonly stderrTail: string[] = [];
  private exited: Promise<void> = Promise.resolve();
  packets = 0;
  lastPacketAt = Date.now();

  private constructor(
    private readonly sockets: dgram.Socket[],
    private readonly log: Logger,
  ) {
    super();
  }

  /** Binds the ports and starts ffmpeg; the caller writes to `stdin` when the input is `pipe:0`. */
  static async create(options: FfmpegRtpSourceOptions): Promise<FfmpegRtpSource & { child: ChildProcess }> {
    const kinds: MediaKind[] = options.audio ? ['video', 'audio'] : ['video'];
    const sockets = await Promise.all(
      kinds.map(async () => {
        const socket = dgram.createSocket('udp4');
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(0, '127.0.0.1', () => {
            socket.off('error', reject);
            resolve();
          });
        });
        return socket;
      }),
    );
    const source = new FfmpegRtpSource(sockets, options.log);
    kinds.forEach((kind, index) => {
      sockets[index]!.on('message', (message) => source.onMessage(kind, message));
    });
    const output = (kind: MediaKind, index: number) => [
      ...['-map', `0:${kind === 'video' ? 'v' : 'a'}:0`],
      ...(kind === 'video'
        ? // FLV and RTSP keep SPS/PPS out of band; WebRTC decoders need them before each IDR.
          ['-c:v', 'copy', '-bsf:v', 'h264_mp4toannexb']
        : ['-c:a', 'libopus', '-ar', '48000', '-ac', '2', '-b:a', '48k', '-application', 'voip']),
      ...['-payload_type', String(RTP_INGEST_PAYLOAD_TYPES[kind])],
      ...['-f', 'rtp', `rtp://127.0.0.1:${sockets[index]!.address().port}?pkt_size=1200`],
    ];
    const args = [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
      ...options.inputArgs,
      ...kinds.flatMap((kind, index) => output(kind, index)),
    ];
    const child = spawn(options.ffmpegPath, args, {
      stdio: [options.inputArgs.includes('pipe:0') ? 'pipe' : 'ignore', 'ignore', 'pipe'],
      signal: source.abort.signal,
      killSignal: 'SIGKILL',
    });
    source.watch(child);
    return Object.assign(source, { child });
  }

  private watch(child: ChildProcess): void {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        this.stderrTail.push(line.trim());
        if (this.stderrTail.length > 5) this.stderrTail.shift();
        this.log.debug({ ffmpeg: line.trim() }, 'ffmpeg');
      }
    });
    // A write to ffmpeg's stdin after it died must not become an unhandled error.
    child.stdin?.on('error', (error) => this.log.debug({ err: error }, 'ffmpeg stdin closed'));
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        if (error.name !== 'AbortError') this.stderrTail.push(error.message);
      });
      child.once('close', (code) => {
        const reason = this.stderrTail.at(-1) ?? `ffmpeg exited with code ${code}`;
        if (!this.closed) this.log.info({ code, reason }, 'ffmpeg ended');
        this.emit('exit', { code, reason });
        resolve();
      });
    });
  }

  private onMessage(kind: MediaKind, message: Buffer): void {
    let rtp: RtpPacket;
    try {
      rtp = RtpPacket.deSerialize(message);
    } catch (error) {
      this.log.debug({ err: error }, 'ignoring a malformed RTP packet from ffmpeg');
      return;
    }
    this.packets += 1;
    this.lastPacketAt = Date.now();
    this.emit('rtp', kind, rtp);
  }

  /** close() was called (by us, the relay or a stall watchdog), as opposed to ffmpeg ending on its own. */
  get closedByUs(): boolean {
    return this.closed;
  }

  /** No keyframe can be asked of an RTMP or RTSP source through ffmpeg; new viewers use the GOP cache. */
  sendPli(): void {}

  async lossAndRtt(): Promise<{ packetsLost: number | null; rttMs: number | null }> {
    return { packetsLost: null, rttMs: null };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    await this.exited;
    for (const socket of this.sockets) socket.close();
    this.removeAllListeners('rtp');
  }
}
