import { describe, expect, it } from 'vitest';
import { opusSilenceAfter, readRtp } from './rtp-header';

function packet(options: { csrc?: number; extensionWords?: number; payload: number[] }): Buffer {
  const csrc = options.csrc ?? 0;
  const ext = options.extensionWords;
  const header = Buffer.alloc(12 + 4 * csrc + (ext === undefined ? 0 : 4 + 4 * ext));
  header[0] = 0x80 | (ext === undefined ? 0 : 0x10) | csrc;
  header[1] = 0x80 | 96; // marker + PT 96
  header.writeUInt16BE(65535, 2);
  header.writeUInt32BE(4294967000, 4);
  header.writeUInt32BE(0xdeadbeef, 8);
  if (ext !== undefined) header.writeUInt16BE(ext, 12 + 4 * csrc + 2);
  return Buffer.concat([header, Buffer.from(options.payload)]);
}

describe('readRtp', () => {
  it('finds the payload after CSRCs and a header extension', () => {
    const fields = readRtp(packet({ csrc: 2, extensionWords: 1, payload: [0x10, 0x00] }))!;
    expect(fields).toEqual({
      payloadType: 96,
      sequenceNumber: 65535,
      timestamp: 4294967000,
      ssrc: 0xdeadbeef,
      payloadOffset: 12 + 8 + 8,
    });
  });

  it('refuses what is not an RTP header', () => {
    expect(readRtp(Buffer.alloc(8))).toBeNull();
    expect(readRtp(Buffer.from([0x40, ...Array(15).fill(0)]))).toBeNull();
    const truncated = packet({ extensionWords: 4, payload: [] }).subarray(0, 20);
    expect(readRtp(truncated)).toBeNull();
  });
});

describe('opusSilenceAfter', () => {
  it('continues the sequence number and timestamp, wrapping around', () => {
    const last = readRtp(packet({ payload: [1] }))!;
    const next = readRtp(opusSilenceAfter(last, 2))!;
    expect(next).toMatchObject({ payloadType: 96, sequenceNumber: 1, ssrc: 0xdeadbeef });
    expect(next.timestamp).toBe((4294967000 + 1920) % 2 ** 32);
  });
});
