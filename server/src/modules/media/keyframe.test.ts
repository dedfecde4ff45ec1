import { describe, expect, it } from 'vitest';
import { h264Dimensions, isKeyframeStart, vp8Dimensions } from './keyframe';

// VP8 descriptor: X=1, S=1, PID=0; extension with a 15-bit picture id; then a keyframe header for 640×360.
const vp8Key = Buffer.from([
  0x90, 0x80, 0x81, 0x23, 0x50, 0x2a, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01,
]);
const vp8Delta = Buffer.from([0x90, 0x80, 0x81, 0x24, 0x31, 0x2a, 0x00]);
const vp8Continuation = Buffer.from([0x80, 0x80, 0x81, 0x23, 0x00]);

describe('keyframe detection', () => {
  it('finds a VP8 keyframe start and its size, and not delta frames or later packets', () => {
    expect(isKeyframeStart('VP8', vp8Key)).toBe(true);
    expect(vp8Dimensions(vp8Key)).toEqual({ width: 640, height: 360 });
    expect(isKeyframeStart('VP8', vp8Delta)).toBe(false);
    expect(isKeyframeStart('VP8', vp8Continuation)).toBe(false);
    expect(isKeyframeStart('VP8', Buffer.alloc(0))).toBe(false);
  });

  it('finds H.264 IDR and SPS in single NAL, STAP-A and the first FU-A fragment only', () => {
    expect(isKeyframeStart('H264', Buffer.from([0x65, 0x88]))).toBe(true); // IDR
    expect(isKeyframeStart('H264', Buffer.from([0x67, 0x42]))).toBe(true); // SPS
    expect(isKeyframeStart('H264', Buffer.from([0x41, 0x9a]))).toBe(false); // non-IDR slice
    // STAP-A with SPS (2 bytes) and PPS (2 bytes)
    expect(isKeyframeStart('H264', Buffer.from([0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xce]))).toBe(
      true,
    );
    expect(isKeyframeStart('H264', Buffer.from([0x7c, 0x85, 0x88]))).toBe(true); // FU-A start of IDR
    expect(isKeyframeStart('H264', Buffer.from([0x7c, 0x05, 0x88]))).toBe(false); // FU-A middle
    expect(isKeyframeStart('H264', Buffer.from([0x7c, 0x81, 0x9a]))).toBe(false); // FU-A start of non-IDR
  });

  it('reads the size from H.264 SPS (baseline, main, high with cropping), alone or in a STAP-A', () => {
    // SPS written by libx264 for 320×240 baseline, 1280×720 high and 1920×1080 main (cropped from 1088).
    const baseline = Buffer.from('6742c00cd90141fb0110000003001000000301e0f142a480', 'hex');
    const high = Buffer.from('6764001facd9405005bb0110000003001000000301e0f1831960', 'hex');
    const main = Buffer.from('674d4028eca03c0113f2e0220000030002000003003c1e30632c', 'hex');
    expect(h264Dimensions(baseline)).toEqual({ width: 320, height: 240 });
    expect(h264Dimensions(high)).toEqual({ width: 1280, height: 720 });
    expect(h264Dimensions(main)).toEqual({ width: 1920, height: 1080 });
    const length = Buffer.alloc(2);
    length.writeUInt16BE(main.length);
    const stapA = Buffer.concat([Buffer.from([0x78]), length, main, Buffer.from([0x00, 0x02, 0x68, 0xce])]);
    expect(h264Dimensions(stapA)).toEqual({ width: 1920, height: 1080 });
    expect(h264Dimensions(Buffer.from([0x65, 0x88]))).toBeNull(); // an IDR slice, no SPS
    expect(h264Dimensions(baseline.subarray(0, 4))).toBeNull(); // truncated
  });
});
