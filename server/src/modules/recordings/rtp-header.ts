// Just enough of an RTP header (RFC 3550) for the recorder: where the payload starts (to spot
// keyframes) and the fields needed to write one more packet in the same stream.

export interface RtpFields {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  payloadOffset: number;
}

/** Null when the buffer is not a whole RTP header. */
export function readRtp(packet: Buffer): RtpFields | null {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return null;
  const csrcCount = packet[0]! & 0x0f;
  let offset = 12 + 4 * csrcCount;
  if (packet[0]! & 0x10) {
    if (packet.length < offset + 4) return null;
    offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  }
  if (offset > packet.length) return null;
  return {
    payloadType: packet[1]! & 0x7f,
    sequenceNumber: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    payloadOffset: offset,
  };
}

/** An Opus packet of 20 ms of silence (TOC: CELT fullband 20 ms, one frame; then an empty frame). */
const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
const OPUS_FRAME_TICKS = 960; // 20 ms at 48 kHz

/** The packet after `last` in the same Opus stream, carrying 20 ms of silence. */
export function opusSilenceAfter(last: RtpFields, count = 1): Buffer {
  const packet = Buffer.alloc(12 + OPUS_SILENCE.length);
  packet[0] = 0x80;
  packet[1] = last.payloadType & 0x7f;
  packet.writeUInt16BE((last.sequenceNumber + count) & 0xffff, 2);
  packet.writeUInt32BE((last.timestamp + OPUS_FRAME_TICKS * count) >>> 0, 4);
  packet.writeUInt32BE(last.ssrc >>> 0, 8);
  OPUS_SILENCE.copy(packet, 12);
  return packet;
}
