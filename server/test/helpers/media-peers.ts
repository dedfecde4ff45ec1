// Real WebRTC peers for media tests: a WHIP publisher whose RTP comes from ffmpeg streaming a
// pre-encoded clip with `-c copy` (no encoder competing for the CPU), and WHEP viewers that
// count what arrives. Both are werift peers in this process, talking to the server over UDP.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { MediaStreamTrack, RTCPeerConnection, useH264, useOPUS, useVP8, type RtpPacket } from 'werift';
import { isKeyframeStart } from '../../src/modules/media/keyframe';

const require = createRequire(import.meta.url);

export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH ?? (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

export type ClipCodec = 'VP8' | 'H264';

/** A 4 s 320×240 clip with a keyframe every second and Opus audio, encoded once per machine. */
export async function testClip(codec: ClipCodec): Promise<string> {
  const file = path.join(os.tmpdir(), `fcc-media-test-${codec.toLowerCase()}-v1.mkv`);
  if (fs.existsSync(file)) return file;
  const video =
    codec === 'VP8'
      ? ['-c:v', 'libvpx', '-b:v', '400k', '-deadline', 'realtime', '-cpu-used', '8']
      : [
          '-c:v',
          'libx264',
          '-profile:v',
          'baseline',
          '-preset',
          'veryfast',
          '-b:v',
          '400k',
          '-x264-params',
          'repeat-headers=1',
        ];
  const partial = `${file}.${process.pid}.partial.mkv`;
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
    '4',
    '-g',
    '15',
    '-pix_fmt',
    'yuv420p',
    ...video,
    '-c:a',
    'libopus',
    '-b:a',
    '32k',
    partial,
  ]);
  fs.renameSync(partial, file);
  return file;
}

export function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
}

const PEER_CONFIG = { iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] };

async function gathered(pc: RTCPeerConnection): Promise<string> {
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state === 'complete') {
          unSubscribe();
          resolve();
        }
      });
    });
  }
  return pc.localDescription!.sdp;
}

export interface SdpExchange {
  status: number;
  location: string | null;
  streamId: string | null;
  body: string;
}

export async function postSdp(url: string, token: string, sdp: string): Promise<SdpExchange> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/sdp' },
    body: sdp,
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    streamId: response.headers.get('x-stream-id'),
    body: await response.text(),
  };
}

// Generous: on a loaded machine (load average 18) connecting has taken over 10 s.
function waitFor(pc: RTCPeerConnection, state: 'connected', timeoutMs = 25_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pc.connectionState === state) return resolve();
    const timer = setTimeout(() => reject(new Error(`peer not ${state} after ${timeoutMs} ms`)), timeoutMs);
    pc.connectionStateChange.subscribe((current) => {
      if (current === state) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export interface TestPublisher {
  pc: RTCPeerConnection;
  exchange: SdpExchange;
  packetsSent: () => number;
  keyframeRequests: () => number;
  /** Stops ffmpeg and closes the peer without telling the server (a 4G drop). */
  drop(): Promise<void>;
  /** DELETE on the WHIP session, then drop. */
  stop(serverUrl: string, token: string): Promise<number>;
}

/** Publishes a clip by WHIP; throws unless the server answered 201. */
export async function startPublisher(options: {
  url: string;
  token: string;
  codec?: ClipCodec;
  audio?: boolean;
  /** false: audio only (talkback). */
  video?: boolean;
  /** Another pre-encoded clip (Matroska, one video and one Opus track) instead of the test clip. */
  clip?: string;
}): Promise<TestPublisher> {
  const codec = options.codec ?? 'VP8';
  const clip = options.clip ?? (await testClip(codec));
  const pc = new RTCPeerConnection({
    ...PEER_CONFIG,
    codecs: { video: [codec === 'VP8' ? useVP8() : useH264()], audio: [useOPUS()] },
  });
  const tracks = {
    video: new MediaStreamTrack({ kind: 'video' }),
    audio: new MediaStreamTrack({ kind: 'audio' }),
  };
  const video = options.video === false ? null : pc.addTransceiver(tracks.video, { direction: 'sendonly' });
  if (options.audio !== false) pc.addTransceiver(tracks.audio, { direction: 'sendonly' });
  let keyframeRequests = 0;
  video?.sender.onPictureLossIndication.subscribe(() => (keyframeRequests += 1));
  const exchange = await postSdp(options.url, options.token, await gathered(pc));
  if (exchange.status !== 201) {
    await pc.close();
    throw new Error(`WHIP answered ${exchange.status}: ${exchange.body}`);
  }
  await pc.setRemoteDescription({ type: 'answer', sdp: exchange.body });
  await waitFor(pc, 'connected');

  let packetsSent = 0;
  const sockets = await Promise.all(
    (['video', 'audio'] as const).map(async (kind) => {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (packet) => {
        packetsSent += 1;
        tracks[kind].writeRtp(packet);
      });
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      return socket;
    }),
  );
  const port = (index: number) => sockets[index]!.address().port;
  const ffmpeg: ChildProcess = spawn(
    ffmpegPath(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      clip,
      '-map',
      '0:v',
      '-c',
      'copy',
      '-f',
      'rtp',
      `rtp://127.0.0.1:${port(0)}?pkt_size=1200`,
      '-map',
      '0:a',
      '-c',
      'copy',
      '-f',
      'rtp',
      `rtp://127.0.0.1:${port(1)}?pkt_size=1200`,
    ],
    { stdio: 'ignore' },
  );
  // A failing test may never call drop(); ffmpeg must not outlive the test process.
  const killFfmpeg = () => ffmpeg.kill('SIGKILL');
  process.once('exit', killFfmpeg);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    process.off('exit', killFfmpeg);
    killFfmpeg();
    for (const socket of sockets) socket.close();
    await pc.close();
  };
  return {
    pc,
    exchange,
    packetsSent: () => packetsSent,
    keyframeRequests: () => keyframeRequests,
    drop,
    stop: async (serverUrl, token) => {
      const response = await fetch(new URL(exchange.location!, serverUrl), {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      await drop();
      return response.status;
    },
  };
}

export interface TestViewer {
  pc: RTCPeerConnection;
  exchange: SdpExchange;
  videoPackets: () => number;
  audioPackets: () => number;
  /** ms from the WHEP request to the first packet of a keyframe, null until one came. */
  firstKeyframeMs: () => number | null;
  /** Whether the very first video packet began a keyframe (a viewer served from a GOP cache); null before any. */
  startedOnKeyframe: () => boolean | null;
  /** Resolves when `count` more video packets have arrived. */
  receivesVideo(count?: number, timeoutMs?: number): Promise<void>;
  stop(serverUrl: string, token: string): Promise<number>;
  close(): Promise<void>;
}

export async function startViewer(options: {
  url: string;
  token: string;
  codec?: ClipCodec;
  kinds?: ('video' | 'audio')[];
}): Promise<TestViewer> {
  const codec = options.codec ?? 'VP8';
  const kinds = options.kinds ?? ['video', 'audio'];
  const pc = new RTCPeerConnection({
    ...PEER_CONFIG,
    codecs: { video: [codec === 'VP8' ? useVP8() : useH264()], audio: [useOPUS()] },
  });
  const counts = { video: 0, audio: 0 };
  let firstKeyframeAt: number | null = null;
  let startedOnKeyframe: boolean | null = null;
  const waiters: { target: number; resolve: () => void }[] = [];
  for (const kind of kinds) {
    const transceiver = pc.addTransceiver(kind, { direction: 'recvonly' });
    transceiver.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((rtp: RtpPacket) => {
        counts[kind] += 1;
        if (kind !== 'video') return;
        startedOnKeyframe ??= isKeyframeStart(codec, rtp.payload);
        if (firstKeyframeAt === null && isKeyframeStart(codec, rtp.payload)) firstKeyframeAt = Date.now();
        for (const waiter of waiters.filter((candidate) => counts.video >= candidate.target)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }),
    );
  }
  const offer = await gathered(pc);
  const requestedAt = Date.now();
  const exchange = await postSdp(options.url, options.token, offer);
  if (exchange.status !== 201) {
    await pc.close();
    throw Object.assign(new Error(`WHEP answered ${exchange.status}: ${exchange.body}`), { exchange });
  }
  await pc.setRemoteDescription({ type: 'answer', sdp: exchange.body });
  const close = () => pc.close();
  return {
    pc,
    exchange,
    videoPackets: () => counts.video,
    audioPackets: () => counts.audio,
    firstKeyframeMs: () => (firstKeyframeAt === null ? null : firstKeyframeAt - requestedAt),
    startedOnKeyframe: () => startedOnKeyframe,
    receivesVideo: (count = 30, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`fewer than ${count} video packets in ${timeoutMs} ms (got ${counts.video})`)),
          timeoutMs,
        );
        waiters.push({
          target: counts.video + count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    stop: async (serverUrl, token) => {
      const response = await fetch(new URL(exchange.location!, serverUrl), {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      await close();
      return response.status;
    },
    close,
  };
}

/** A 4 s 320×240 FLV clip, H.264 (baseline, keyframe every second) and AAC, as body cameras push by RTMP. */
export async function flvClip(): Promise<string> {
  const file = path.join(os.tmpdir(), 'fcc-media-test-h264-aac-v1.flv');
  if (fs.existsSync(file)) return file;
  const partial = `${file}.${process.pid}.partial.flv`;
  await run(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100'],
    ...['-t', '4', '-g', '15', '-pix_fmt', 'yuv420p'],
    ...['-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'veryfast', '-b:v', '400k'],
    ...['-c:a', 'aac', '-b:a', '64k', '-f', 'flv', partial],
  ]);
  fs.renameSync(partial, file);
  return file;
}

export interface RtmpPush {
  /** Resolves with ffmpeg's exit code and the end of its stderr. */
  exited: Promise<{ code: number | null; stderr: string }>;
  /** SIGINT: ffmpeg unpublishes cleanly, as a camera that stops recording. */
  stop(): Promise<void>;
  /** SIGKILL: the connection just drops, as on a 4G loss. */
  kill(): Promise<void>;
}

/** Pushes the FLV clip in a loop to an RTMP URL with `-c copy`, as an RTMP body camera would. */
export async function pushRtmp(url: string): Promise<RtmpPush> {
  const clip = await flvClip();
  const child = spawn(
    ffmpegPath(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      clip,
      '-c',
      'copy',
      '-f',
      'flv',
      url,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const killFfmpeg = () => child.kill('SIGKILL');
  process.once('exit', killFfmpeg);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('close', (code) => {
      process.off('exit', killFfmpeg);
      resolve({ code, stderr });
    }),
  );
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null) child.kill(signal);
    await exited;
  };
  return { exited, stop: () => end('SIGINT'), kill: () => end('SIGKILL') };
}

export interface RtspCamera {
  url: string;
  /** RTSP sessions that have sent PLAY and not TEARDOWN (connections still open). */
  playing(): number;
  /** Cuts every playing connection (a camera rebooting, a network blip); the server stays up. */
  dropPlayers(): void;
  close(): Promise<void>;
}

/**
 * A fixed camera for tests: a minimal RTSP server (OPTIONS, DESCRIBE, SETUP over TCP
 * interleaved, PLAY, TEARDOWN) serving the H.264 + Opus test clip, which ffmpeg streams as RTP
 * with `-c copy`. ffmpeg itself cannot serve RTSP to a pulling client (its `-rtsp_flags listen`
 * is for receiving a push), hence this.
 */
export async function serveRtsp(): Promise<RtspCamera> {
  const clip = await testClip('H264');
  const sdpFile = path.join(os.tmpdir(), `fcc-rtsp-${process.pid}-${Date.now()}.sdp`);
  const udp = await Promise.all(
    [0, 1].map(async () => {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      return socket;
    }),
  );
  const ffmpeg = spawn(
    ffmpegPath(),
    [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip],
      ...[
        '-map',
        '0:v',
        '-c',
        'copy',
        '-f',
        'rtp',
        `rtp://127.0.0.1:${udp[0]!.address().port}?pkt_size=1200`,
      ],
      ...[
        '-map',
        '0:a',
        '-c',
        'copy',
        '-f',
        'rtp',
        `rtp://127.0.0.1:${udp[1]!.address().port}?pkt_size=1200`,
      ],
      ...['-sdp_file', sdpFile],
    ],
    { stdio: 'ignore' },
  );
  const killFfmpeg = () => ffmpeg.kill('SIGKILL');
  process.once('exit', killFfmpeg);
  for (let waited = 0; !fs.existsSync(sdpFile) || fs.statSync(sdpFile).size === 0; waited += 50) {
    if (waited > 10_000) throw new Error('ffmpeg wrote no SDP for the RTSP test camera');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let track = 0;
  const sdp = fs
    .readFileSync(sdpFile, 'utf8')
    .split(/\r?\n/)
    .filter(Boolean)
    .flatMap((line) => (line.startsWith('m=') ? [line, `a=control:trackID=${track++}`] : [line]))
    .join('\r\n')
    .concat('\r\n');

  const players = new Set<net.Socket>();
  udp.forEach((socket, index) =>
    socket.on('message', (packet) => {
      const frame = Buffer.alloc(4 + packet.length);
      frame[0] = 0x24; // '$': interleaved binary data
      frame[1] = index * 2;
      frame.writeUInt16BE(packet.length, 2);
      packet.copy(frame, 4);
      for (const player of players) player.write(frame);
    }),
  );
  const server = net.createServer((socket) => {
    let buffered = '';
    socket.on('error', () => players.delete(socket));
    socket.on('close', () => players.delete(socket));
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const request = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        const [method = '', uri = ''] = request.split(' ');
        const cseq = /^CSeq:\s*(\d+)/im.exec(request)?.[1] ?? '0';
        const reply = (headers: string[], body = '') =>
          socket.write(
            [
              `RTSP/1.0 200 OK`,
              `CSeq: ${cseq}`,
              ...headers,
              `Content-Length: ${Buffer.byteLength(body)}`,
              '',
              body,
            ].join('\r\n'),
          );
        if (method === 'OPTIONS') reply(['Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN']);
        else if (method === 'DESCRIBE')
          reply([`Content-Base: ${uri}/`, 'Content-Type: application/sdp'], sdp);
        else if (method === 'SETUP') {
          const channel = Number(/trackID=(\d+)/.exec(uri)?.[1] ?? 0) * 2;
          reply([
            `Transport: RTP/AVP/TCP;unicast;interleaved=${channel}-${channel + 1}`,
            'Session: 12345678',
          ]);
        } else if (method === 'PLAY') {
          reply(['Session: 12345678', 'Range: npt=0.000-']);
          players.add(socket);
        } else if (method === 'TEARDOWN') {
          reply(['Session: 12345678']);
          players.delete(socket);
        } else reply([]);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `rtsp://127.0.0.1:${port}/camera`,
    playing: () => players.size,
    dropPlayers: () => {
      for (const player of players) player.destroy();
      players.clear();
    },
    close: async () => {
      process.off('exit', killFfmpeg);
      killFfmpeg();
      for (const player of players) player.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of udp) socket.close();
      fs.rmSync(sdpFile, { force: true });
    },
  };
}
