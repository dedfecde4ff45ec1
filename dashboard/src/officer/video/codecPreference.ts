// The order of video codecs the phone offers. The relay forwards without transcoding and takes
// the first codec of the offer it can use, so the order decides: H.264 constrained baseline in
// packetization mode 1 (hardware-encoded on most phones, and what body cameras send), else VP8.

export interface CodecCapability {
  mimeType: string;
  clockRate: number;
  channels?: number;
  sdpFmtpLine?: string;
}

function fmtp(codec: CodecCapability, key: string): string | undefined {
  for (const pair of (codec.sdpFmtpLine ?? '').split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name?.toLowerCase() === key) return value?.trim();
  }
  return undefined;
}

/** profile_idc 0x42 with constraint_set1, packetization mode 1: what the relay accepts as H.264. */
export function isConstrainedBaselineH264(codec: CodecCapability): boolean {
  if (codec.mimeType.toLowerCase() !== 'video/h264') return false;
  if (fmtp(codec, 'packetization-mode') !== '1') return false;
  const profile = fmtp(codec, 'profile-level-id');
  if (!profile || !/^[0-9a-f]{6}$/i.test(profile)) return false;
  return parseInt(profile.slice(0, 2), 16) === 0x42 && (parseInt(profile.slice(2, 4), 16) & 0x40) !== 0;
}

const rank = (codec: CodecCapability) =>
  isConstrainedBaselineH264(codec) ? 0 : codec.mimeType.toLowerCase() === 'video/vp8' ? 1 : 2;

/**
 * The browser's codecs, usable ones first (H.264 constrained baseline, then VP8); the rest keep
 * their order after them (retransmission, FEC), so nothing the browser needs is dropped.
 */
export function preferredVideoCodecs<C extends CodecCapability>(codecs: readonly C[]): C[] {
  return codecs
    .map((codec, index) => ({ codec, index }))
    .sort((a, b) => rank(a.codec) - rank(b.codec) || a.index - b.index)
    .map(({ codec }) => codec);
}
