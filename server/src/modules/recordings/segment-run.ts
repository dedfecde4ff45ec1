// One ffmpeg process recording one continuous publisher: the relay's RTP is sent to it over
// loopback UDP, described by an SDP file, and written with `-c copy` (no transcoding) as
// segments by ffmpeg's segment muxer. ffmpeg names each finished segment on stdout (CSV:
// file, start, end in seconds from the run's first packet). Packets are held back until the
// first video keyframe, so every run, and so every recording, starts with a decodable frame.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import type { Logger } from 'pino';
import { isKeyframeStart } from '../media/keyframe';
import type { MediaKind, StreamCodecs } from '../media/relay-stream';
import { opusSilenceAfter, readRtp, type RtpFields } from './rtp-header';
import { findUdpListeners, pickRtpPorts } from './udp-ports';

export type Container = 'webm' | 'matroska';

/** WebM is Matroska restricted to VP8/VP9/AV1 + Vorbis/Opus; H.264 goes into plain Matroska. */
export function containerFor(codecs: StreamCodecs): { container: Container; extension: string } {
  return codecs.video?.name === 'H264'
    ? { container: 'matroska', extension: 'mkv' }
    : { container: 'webm', extension: 'webm' };
}

export interface CompletedFile {
  /** File name inside the recording's folder. */
  name: string;
  /** Seconds from the run's first packet. */
  startSeconds: number;
  endSeconds: number;
}

export interface RunExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface SegmentRunEvents {
  segment: [CompletedFile];
  /** The first packet went to ffmpeg: the run's time origin. */
  anchored: [Date];
}

export interface SegmentRunOptions {
  ffmpeg: string;
  /** The recording's folder (absolute). */
  dir: string;
  /** Prefix of this run's files, e.g. "r002" → r002-00000.webm, r002-00001.webm … */
  prefix: string;
  codecs: StreamCodecs;
  segmentSeconds: number;
  log: Logger;
}

/** Packets held while ffmpeg starts (about 10 s of a 1.5 Mbit/s stream). */
const MAX_QUEUED = 15_000;
const WAKE_INTERVAL_MS = 20;

export class SegmentRun extends EventEmitter<SegmentRunEvents> {
  private child: ChildProcess | null = null;
  private socket: dgram.Socket | null = null;
  private ports: Partial<Record<MediaKind, number>> = {};
  private queue: [MediaKind, Buffer][] | null = [];
  private gateOpen = false;
  private lastAudio: RtpFields | null = null;
  private lastAudioAt = 0;
  private stopping = false;
  private exitInfo: RunExit | null = null;
  private readonly exitPromise: Promise<RunExit>;
  private resolveExit!: (exit: RunExit) => void;
  anchoredAt: Date | null = null;
  readonly extension: string;

  constructor(private readonly options: SegmentRunOptions) {
    super();
    this.extension = containerFor(options.codecs).extension;
    this.exitPromise = new Promise((resolve) => (this.resolveExit = resolve));
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get hasStarted(): boolean {
    return this.gateOpen;
  }

  get exited(): Promise<RunExit> {
    return this.exitPromise;
  }

  /** Writes the SDP, starts ffmpeg and waits until it listens; packets meanwhile are queued. */
  async start(): Promise<void> {
    const { codecs, dir, prefix, log } = this.options;
    await fs.mkdir(dir, { recursive: true });
    const kinds = (['video', 'audio'] as const).filter((kind) => codecs[kind] !== null);
    const ports = await pickRtpPorts(kinds.length);
    kinds.forEach((kind, index) => (this.ports[kind] = ports[index]));
    const sdpFile = path.join(dir, `${prefix}.sdp`);
    await fs.writeFile(sdpFile, this.sdp());
    this.socket = dgram.createSocket('udp4');
    this.socket.on('error', (error) => log.warn({ err: error }, 'recorder socket error'));
    await new Promise<void>((resolve) => this.socket!.bind(0, '127.0.0.1', resolve));

    const { container } = containerFor(codecs);
    const child = spawn(this.options.ffmpeg, this.arguments(sdpFile, container), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    readline.createInterface({ input: child.stdout! }).on('line', (line) => this.onListLine(line));
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      log.warn({ ffmpeg: line, prefix }, 'ffmpeg (recorder)');
    });
    child.on('error', (error) => log.error({ err: error }, 'ffmpeg (recorder) could not run'));
    child.on('close', (code, signal) => {
      this.exitInfo = { code, signal };
      this.queue = null;
      this.socket?.close();
      this.socket = null;
      this.resolveExit(this.exitInfo);
    });
    await this.untilListening(Object.values(this.ports));
    const queued = this.queue ?? [];
    this.queue = null;
    for (const [kind, packet] of queued) this.send(kind, packet);
  }

  /** A packet from the relay (read-only). Dropped until the first keyframe. */
  packet(kind: MediaKind, packet: Buffer): void {
    if (this.exitInfo || this.ports[kind] === undefined) return;
    if (!this.gateOpen) {
      if (!this.opensGate(kind, packet)) return;
      this.gateOpen = true;
      this.anchoredAt = new Date();
      this.emit('anchored', this.anchoredAt);
    }
    if (kind === 'audio') {
      this.lastAudio = readRtp(packet);
      this.lastAudioAt = Date.now();
    }
    if (this.queue) {
      if (this.queue.length < MAX_QUEUED) this.queue.push([kind, packet]);
      return;
    }
    this.send(kind, packet);
  }

  /**
   * SIGINT makes ffmpeg finish its segment and exit, but only once it gets another packet (it
   * waits inside the RTP reader otherwise, up to 10 s). When the publisher has stopped already,
   * 20 ms Opus silence packets continue the audio until ffmpeg has gone; so a recording may end
   * with a few tens of milliseconds of silence. Video-only runs wait out ffmpeg's 10 s timeout.
   */
  async stop(timeoutMs = 12_000): Promise<RunExit> {
    if (this.exitInfo) return this.exitInfo;
    const child = this.child;
    if (!child) return { code: null, signal: null };
    if (!this.stopping) {
      this.stopping = true;
      child.kill('SIGINT');
      let wakes = 0;
      const wake = setInterval(() => {
        if (!this.lastAudio || this.exitInfo || Date.now() - this.lastAudioAt < 2 * WAKE_INTERVAL_MS) return;
        wakes += 1;
        if (wakes > 50) return;
        this.send('audio', opusSilenceAfter(this.lastAudio, wakes));
      }, WAKE_INTERVAL_MS);
      const force = setTimeout(() => {
        this.options.log.warn({ prefix: this.options.prefix }, 'ffmpeg did not stop on SIGINT; killed');
        child.kill('SIGKILL');
      }, timeoutMs);
      void this.exitPromise.finally(() => {
        clearInterval(wake);
        clearTimeout(force);
      });
    }
    return this.exitPromise;
  }

  private opensGate(kind: MediaKind, packet: Buffer): boolean {
    const video = this.options.codecs.video;
    if (!video) return kind === 'audio';
    if (kind !== 'video') return false;
    const rtp = readRtp(packet);
    return rtp !== null && isKeyframeStart(video.name, packet.subarray(rtp.payloadOffset));
  }

  private send(kind: MediaKind, packet: Buffer): void {
    const port = this.ports[kind];
    if (port === undefined || !this.socket || this.exitInfo) return;
    this.socket.send(packet, port, '127.0.0.1', () => undefined);
  }

  private onListLine(line: string): void {
    // CSV: name,start,end (a name with a comma would be quoted; ours have none).
    const match = /^([^,]+),([\d.]+),([\d.]+)$/.exec(line.trim());
    if (!match) {
      this.options.log.warn({ line }, 'unexpected line in the segment list');
      return;
    }
    this.emit('segment', { name: match[1]!, startSeconds: Number(match[2]), endSeconds: Number(match[3]) });
  }

  private sdp(): string {
    const lines = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=fcc recording', 'c=IN IP4 127.0.0.1', 't=0 0'];
    for (const kind of ['video', 'audio'] as const) {
      const codec = this.options.codecs[kind]?.codec;
      const port = this.ports[kind];
      if (!codec || port === undefined) continue;
      const channels = kind === 'audio' ? `/${codec.channels ?? 2}` : '';
      lines.push(`m=${kind} ${port} RTP/AVP ${codec.payloadType}`);
      lines.push(`a=rtpmap:${codec.payloadType} ${codec.name}/${codec.clockRate}${channels}`);
      if (codec.parameters) lines.push(`a=fmtp:${codec.payloadType} ${codec.parameters}`);
    }
    return lines.join('\n') + '\n';
  }

  private arguments(sdpFile: string, container: Container): string[] {
    const { dir, prefix, segmentSeconds } = this.options;
    return [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-protocol_whitelist',
      'file,udp,rtp',
      // A bigger socket buffer rides out a busy event loop on our side.
      '-buffer_size',
      String(4 * 1024 * 1024),
      '-i',
      sdpFile,
      '-map',
      '0',
      '-c',
      'copy',
      '-f',
      'segment',
      '-segment_format',
      container,
      // Clusters of at most a second: a process killed mid-segment loses less of it.
      '-segment_format_options',
      'cluster_time_limit=1000',
      '-segment_time',
      String(segmentSeconds),
      '-reset_timestamps',
      '1',
      '-segment_list',
      'pipe:1',
      '-segment_list_type',
      'csv',
      path.join(dir, `${prefix}-%05d.${this.extension}`),
    ];
  }

  private async untilListening(ports: number[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.exitInfo) throw new Error(`ffmpeg exited before listening (code ${this.exitInfo.code})`);
      const listening = await findUdpListeners(ports);
      if (ports.every((port) => listening.has(port))) return;
      if (Date.now() > deadline) throw new Error('ffmpeg did not open its RTP ports within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
