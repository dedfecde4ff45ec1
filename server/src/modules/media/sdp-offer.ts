// Reads a WHIP/WHEP SDP offer far enough to refuse bad ones with a message a person can act on,
// and to pick the one codec per media section that the relay forwards (it never transcodes).
import { BadRequestError, AppError } from '../../http/errors';

export type VideoCodecName = 'VP8' | 'H264';
export type AudioCodecName = 'opus';
export type CodecName = VideoCodecName | AudioCodecName;

export interface OfferedCodec {
  payloadType: number;
  /** e.g. "VP8", "H264", "opus", "rtx" as written in a=rtpmap. */
  name: string;
  clockRate: number;
  channels?: number;
  /** The a=fmtp parameters, as written. */
  parameters: string;
  rtcpFeedback: { type: string; parameter?: string }[];
}

export interface OfferedMedia {
  kind: 'audio' | 'video' | 'application' | string;
  mid: string | null;
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  /** Port 0: the section is rejected/disabled by the offerer. */
  disabled: boolean;
  codecs: OfferedCodec[];
}

export interface ParsedOffer {
  media: OfferedMedia[];
}

export class UnsupportedMediaError extends AppError {
  constructor(message: string) {
    super(422, message);
  }
}

const MAX_SDP_BYTES = 64 * 1024;

/** Structural checks and codec lists; throws 400 with what is wrong. */
export function parseOffer(sdp: unknown): ParsedOffer {
  if (typeof sdp !== 'string' || sdp.trim() === '') {
    throw new BadRequestError('Send the SDP offer as the request body with Content-Type: application/sdp.');
  }
  if (sdp.length > MAX_SDP_BYTES) throw new BadRequestError('The SDP offer is larger than 64 KiB.');
  const lines = sdp.split(/\r?\n/).filter((line) => line !== '');
  if (lines[0] !== 'v=0') throw new BadRequestError('Malformed SDP offer: it must start with "v=0".');
  const bad = lines.find((line) => !/^[a-z]=/.test(line));
  if (bad !== undefined) {
    throw new BadRequestError(`Malformed SDP offer: line "${bad.slice(0, 40)}" is not "<letter>=<value>".`);
  }

  const session: string[] = [];
  const sections: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) sections.push([line]);
    else (sections.at(-1) ?? session).push(line);
  }
  if (sections.length === 0) throw new BadRequestError('Malformed SDP offer: it has no media section (m=).');

  const sessionHas = (prefix: string) => session.some((line) => line.startsWith(prefix));
  const media = sections.map((section, index) => {
    const has = (prefix: string) => section.some((line) => line.startsWith(prefix)) || sessionHas(prefix);
    const [kind = '', port = '', , ...formats] = section[0]!.slice(2).split(' ');
    if (!/^\d+$/.test(port)) {
      throw new BadRequestError(`Malformed SDP offer: media section ${index} has no valid port.`);
    }
    const disabled = port === '0';
    if (!disabled && kind !== 'application') {
      for (const required of ['a=ice-ufrag:', 'a=ice-pwd:', 'a=fingerprint:']) {
        if (!has(required)) {
          throw new BadRequestError(
            `Malformed SDP offer: media section ${index} (${kind}) lacks ${required.slice(2, -1)}; ` +
              'a WebRTC offer needs ICE credentials and a DTLS fingerprint.',
          );
        }
      }
    }
    return {
      kind,
      mid: attribute(section, 'mid'),
      direction: directionOf(section, session),
      disabled,
      codecs: codecsOf(section, formats),
    };
  });
  return { media };
}

function attribute(section: string[], name: string): string | null {
  const line = section.find((candidate) => candidate.startsWith(`a=${name}:`));
  return line === undefined ? null : line.slice(name.length + 3).trim();
}

function directionOf(section: string[], session: string[]): OfferedMedia['direction'] {
  for (const lines of [section, session]) {
    for (const direction of ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const) {
      if (lines.includes(`a=${direction}`)) return direction;
    }
  }
  return 'sendrecv';
}

function codecsOf(section: string[], formats: string[]): OfferedCodec[] {
  const codecs: OfferedCodec[] = [];
  for (const format of formats) {
    const payloadType = Number(format);
    if (!Number.isInteger(payloadType)) continue;
    const mapLine = section.find((line) => line.startsWith(`a=rtpmap:${format} `));
    if (!mapLine) continue; // static payload types without rtpmap (e.g. PCMU) are not ours anyway
    const [name = '', clockRate = '0', channels] = mapLine.split(' ')[1]?.split('/') ?? [];
    const fmtp = section.find((line) => line.startsWith(`a=fmtp:${format} `));
    const rtcpFeedback = section
      .filter((line) => line.startsWith(`a=rtcp-fb:${format} `))
      .map((line) => {
        const [type = '', parameter] = line.slice(`a=rtcp-fb:${format} `.length).split(' ');
        return parameter === undefined ? { type } : { type, parameter };
      });
    codecs.push({
      payloadType,
      name,
      clockRate: Number(clockRate),
      ...(channels ? { channels: Number(channels) } : {}),
      parameters: fmtp ? fmtp.slice(`a=fmtp:${format} `.length).trim() : '',
      rtcpFeedback,
    });
  }
  return codecs;
}

export function fmtpValue(parameters: string, key: string): string | undefined {
  for (const pair of parameters.split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name?.toLowerCase() === key.toLowerCase()) return value?.trim();
  }
  return undefined;
}

/**
 * H.264 that every browser and body camera can decode: constrained baseline (profile_idc 0x42
 * with constraint_set1) in packetization mode 1.
 */
export function isConstrainedBaselineMode1(codec: OfferedCodec): boolean {
  if (codec.name.toUpperCase() !== 'H264') return false;
  if (fmtpValue(codec.parameters, 'packetization-mode') !== '1') return false;
  const profile = fmtpValue(codec.parameters, 'profile-level-id');
  if (!profile || !/^[0-9a-f]{6}$/i.test(profile)) return false;
  const profileIdc = parseInt(profile.slice(0, 2), 16);
  const constraints = parseInt(profile.slice(2, 4), 16);
  return profileIdc === 0x42 && (constraints & 0x40) !== 0;
}

export interface CodecChoice {
  video: { name: VideoCodecName; codec: OfferedCodec; rtx?: OfferedCodec } | null;
  audio: { name: AudioCodecName; codec: OfferedCodec } | null;
}

/**
 * The codec the relay uses per kind. A publisher may offer any of ours (first offered wins:
 * the offer lists them in the sender's preference); a viewer must offer the stream's codec.
 * At most one audio and one video section, each with a usable codec: the relay does not
 * negotiate sections it would not forward.
 */
export function chooseCodecs(
  offer: ParsedOffer,
  wanted: { video: readonly VideoCodecName[]; audio: readonly AudioCodecName[] },
  role: 'publish' | 'view',
): CodecChoice {
  const choice: CodecChoice = { video: null, audio: null };
  const accepted = describeAccepted(wanted);
  const sending = role === 'publish' ? ['sendonly', 'sendrecv'] : ['recvonly', 'sendrecv'];
  for (const [index, media] of offer.media.entries()) {
    if (media.disabled) continue;
    if (media.kind !== 'video' && media.kind !== 'audio') {
      throw new UnsupportedMediaError(
        `Media section ${index} is "${media.kind}"; only one audio and one video section are relayed.`,
      );
    }
    if (!sending.includes(media.direction)) {
      throw new BadRequestError(
        `The ${media.kind} section of the offer is ${media.direction}; ` +
          (role === 'publish'
            ? 'a WHIP publisher must send (sendonly).'
            : 'a WHEP viewer must receive (recvonly).'),
      );
    }
    if (choice[media.kind] !== null) {
      throw new UnsupportedMediaError(
        `The offer has more than one ${media.kind} section; send one of each at most.`,
      );
    }
    const offered = media.codecs.map((codec) => codec.name).filter((name) => name.toLowerCase() !== 'rtx');
    const unusable = () =>
      new UnsupportedMediaError(
        `No usable ${media.kind} codec in the offer: offered ${offered.join(', ') || 'none'}; ` +
          `accepted ${accepted[media.kind as 'audio' | 'video'] || 'none for this stream'}.`,
      );
    if (media.kind === 'video') {
      const codec = media.codecs.find((candidate) =>
        wanted.video.some((name) =>
          name === 'VP8' ? candidate.name.toUpperCase() === 'VP8' : isConstrainedBaselineMode1(candidate),
        ),
      );
      if (!codec) throw unusable();
      const rtx = media.codecs.find(
        (candidate) =>
          candidate.name.toLowerCase() === 'rtx' &&
          fmtpValue(candidate.parameters, 'apt') === String(codec.payloadType),
      );
      const name: VideoCodecName = codec.name.toUpperCase() === 'VP8' ? 'VP8' : 'H264';
      choice.video = { name, codec, ...(rtx ? { rtx } : {}) };
    } else {
      const codec = media.codecs.find(
        (candidate) => candidate.name.toLowerCase() === 'opus' && wanted.audio.includes('opus'),
      );
      if (!codec) throw unusable();
      choice.audio = { name: 'opus', codec };
    }
  }
  if (choice.video === null && choice.audio === null) {
    throw new BadRequestError('The offer has no active audio or video section.');
  }
  return choice;
}

function describeAccepted(wanted: { video: readonly VideoCodecName[]; audio: readonly AudioCodecName[] }) {
  return {
    video: wanted.video
      .map((name) => (name === 'H264' ? 'H264 (constrained baseline, packetization-mode=1)' : name))
      .join(', '),
    audio: wanted.audio.join(', '),
  };
}
