import { describe, expect, it } from 'vitest';
import { isConstrainedBaselineH264, preferredVideoCodecs } from './codecPreference';

// As Chromium 13x lists them (RTCRtpSender.getCapabilities('video')), abridged.
const chromium = [
  { mimeType: 'video/VP8', clockRate: 90000 },
  { mimeType: 'video/rtx', clockRate: 90000 },
  {
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  },
  {
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f',
  },
  {
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  },
  { mimeType: 'video/VP9', clockRate: 90000, sdpFmtpLine: 'profile-id=0' },
  { mimeType: 'video/ulpfec', clockRate: 90000 },
];

describe('video codec preference', () => {
  it('puts H.264 constrained baseline in packetization mode 1 first, then VP8, keeping the rest', () => {
    const ordered = preferredVideoCodecs(chromium);
    expect(ordered[0]!.sdpFmtpLine).toContain('packetization-mode=1;profile-level-id=42e01f');
    expect(ordered[1]!.mimeType).toBe('video/VP8');
    expect(ordered).toHaveLength(chromium.length);
    expect(ordered.slice(2).map((codec) => codec.mimeType)).toEqual([
      'video/rtx',
      'video/H264',
      'video/H264',
      'video/VP9',
      'video/ulpfec',
    ]);
  });

  it('offers VP8 first where the browser has no usable H.264', () => {
    const withoutH264 = chromium.filter((codec) => codec.mimeType !== 'video/H264');
    expect(preferredVideoCodecs(withoutH264)[0]!.mimeType).toBe('video/VP8');
  });

  it('recognises constrained baseline by the constraint_set1 bit, not by the profile alone', () => {
    expect(isConstrainedBaselineH264(chromium[4]!)).toBe(true);
    expect(isConstrainedBaselineH264(chromium[2]!)).toBe(false); // baseline without constraints
    expect(isConstrainedBaselineH264(chromium[3]!)).toBe(false); // packetization mode 0
    expect(
      isConstrainedBaselineH264({
        ...chromium[4]!,
        sdpFmtpLine: 'packetization-mode=1;profile-level-id=42c01f',
      }),
    ).toBe(true);
  });
});
