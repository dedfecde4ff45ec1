// Recognises the first packet of a keyframe in RTP payloads (VP8: RFC 7741, H.264: RFC 6184)
// without depacketizing, so the relay can keep the last GOP for new viewers.
import type { VideoCodecName } from './sdp-offer';

/** Where the VP8 frame starts inside the payload, or -1 when the descriptor is truncated. */
function vp8FrameOffset(payload: Buffer): number {
  if (payload.length < 1) return -1;
  let offset = 1;
  if (payload[0]! & 0x80) {
    const extension = payload[1];
    if (extension === undefined) return -1;
    offset = 2;
    if (extension & 0x80) offset += payload[offset]! & 0x80 ? 2 : 1; // picture id, 7 or 15 bits
    if (extension & 0x40) offset += 1; // TL0PICIDX
    if (extension & 0x30) offset += 1; // TID / KEYIDX
  }
  return offset < payload.length ? offset : -1;
}

function isVp8KeyframeStart(payload: Buffer): boolean {
  const first = payload[0];
  if (first === undefined) return false;
  const startOfPartition = (first & 0x10) !== 0 && (first & 0x07) === 0;
  if (!startOfPartition) return false;
  const offset = vp8FrameOffset(payload);
  return offset >= 0 && (payload[offset]! & 0x01) === 0;
}

const IDR = 5;
const SPS = 7;
const STAP_A = 24;
const FU_A = 28;

function isH264KeyframeStart(payload: Buffer): boolean {
  const type = (payload[0] ?? 0) & 0x1f;
  if (type === IDR || type === SPS) return true;
  if (type === STAP_A) {
    for (let offset = 1; offset + 2 < payload.length;) {
      const size = payload.readUInt16BE(offset);
      const nalType = payload[offset + 2]! & 0x1f;
      if (nalType === IDR || nalType === SPS) return true;
      offset += 2 + size;
    }
    return false;
  }
  if (type === FU_A && payload.length > 1) {
    const header = payload[1]!;
    const nalType = header & 0x1f;
    return (header & 0x80) !== 0 && (nalType === IDR || nalType === SPS);
  }
  return false;
}

export function isKeyframeStart(codec: VideoCodecName, payload: Buffer): boolean {
  return codec === 'VP8' ? isVp8KeyframeStart(payload) : isH264KeyframeStart(payload);
}

/** Width and height from a VP8 keyframe's first packet (the frame header carries them). */
export function vp8Dimensions(payload: Buffer): { width: number; height: number } | null {
  if (!isVp8KeyframeStart(payload)) return null;
  const offset = vp8FrameOffset(payload);
  if (offset + 10 > payload.length) return null;
  if (payload[offset + 3] !== 0x9d || payload[offset + 4] !== 0x01 || payload[offset + 5] !== 0x2a)
    return null;
  return {
    width: payload.readUInt16LE(offset + 6) & 0x3fff,
    height: payload.readUInt16LE(offset + 8) & 0x3fff,
  };
}
