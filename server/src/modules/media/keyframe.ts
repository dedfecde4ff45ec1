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

/** The SPS NAL unit in an H.264 RTP payload (single NAL or STAP-A), or null. */
function h264Sps(payload: Buffer): Buffer | null {
  const type = (payload[0] ?? 0) & 0x1f;
  if (type === SPS) return payload;
  if (type !== STAP_A) return null;
  for (let offset = 1; offset + 2 < payload.length;) {
    const size = payload.readUInt16BE(offset);
    if ((payload[offset + 2]! & 0x1f) === SPS) return payload.subarray(offset + 2, offset + 2 + size);
    offset += 2 + size;
  }
  return null;
}

/** Reads an SPS bit by bit (emulation prevention bytes removed first), Exp-Golomb codes too. */
class BitReader {
  private bit = 0;
  private readonly bytes: number[] = [];
  constructor(nal: Buffer) {
    for (let i = 0; i < nal.length; i += 1) {
      if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue;
      this.bytes.push(nal[i]!);
    }
  }
  u(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i += 1) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new RangeError('SPS ends early');
      value = value * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit += 1;
    }
    return value;
  }
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      zeros += 1;
      if (zeros > 31) throw new RangeError('bad Exp-Golomb code');
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }
  se(): number {
    const code = this.ue();
    return code % 2 === 1 ? (code + 1) / 2 : -code / 2;
  }
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Width and height from an H.264 SPS carried in the payload (ITU-T H.264 7.3.2.1.1), or null. */
export function h264Dimensions(payload: Buffer): { width: number; height: number } | null {
  const sps = h264Sps(payload);
  if (!sps) return null;
  try {
    const bits = new BitReader(sps.subarray(1));
    const profile = bits.u(8);
    bits.u(16); // constraint flags, level
    bits.ue(); // seq_parameter_set_id
    let chromaFormat = 1;
    if (HIGH_PROFILES.has(profile)) {
      chromaFormat = bits.ue();
      if (chromaFormat === 3) bits.u(1);
      bits.ue(); // bit depth luma
      bits.ue(); // bit depth chroma
      bits.u(1);
      if (bits.u(1)) {
        for (let list = 0; list < (chromaFormat === 3 ? 12 : 8); list += 1) {
          if (!bits.u(1)) continue;
          let last = 8;
          let next = 8;
          for (let j = 0; j < (list < 6 ? 16 : 64) && next !== 0; j += 1) {
            next = (last + bits.se() + 256) % 256;
            if (next !== 0) last = next;
          }
        }
      }
    }
    bits.ue(); // log2_max_frame_num_minus4
    const pocType = bits.ue();
    if (pocType === 0) bits.ue();
    else if (pocType === 1) {
      bits.u(1);
      bits.se();
      bits.se();
      for (let cycle = bits.ue(); cycle > 0; cycle -= 1) bits.se();
    }
    bits.ue(); // max_num_ref_frames
    bits.u(1);
    const widthInMbs = bits.ue() + 1;
    const heightInMapUnits = bits.ue() + 1;
    const frameMbsOnly = bits.u(1);
    if (!frameMbsOnly) bits.u(1);
    bits.u(1);
    let crop = { left: 0, right: 0, top: 0, bottom: 0 };
    if (bits.u(1)) crop = { left: bits.ue(), right: bits.ue(), top: bits.ue(), bottom: bits.ue() };
    const cropX = chromaFormat === 0 || chromaFormat === 3 ? 1 : 2;
    const cropY = (chromaFormat === 1 ? 2 : 1) * (2 - frameMbsOnly);
    return {
      width: widthInMbs * 16 - (crop.left + crop.right) * cropX,
      height: (2 - frameMbsOnly) * heightInMapUnits * 16 - (crop.top + crop.bottom) * cropY,
    };
  } catch {
    return null; // truncated or malformed: no size rather than a wrong one
  }
}
