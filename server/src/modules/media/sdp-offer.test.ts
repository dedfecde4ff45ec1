import { describe, expect, it } from 'vitest';
import { chooseCodecs, isConstrainedBaselineMode1, parseOffer } from './sdp-offer';

const base = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=ice-ufrag:u',
  'a=ice-pwd:p',
  'a=fingerprint:sha-256 AA',
];
const sdp = (...lines: string[]) => [...base, ...lines].join('\r\n') + '\r\n';
const chromeVideo = [
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 127',
  'a=mid:0',
  'a=sendonly',
  'a=rtpmap:96 VP9/90000',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:102 H264/90000',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:103 rtx/90000',
  'a=fmtp:103 apt=102',
  'a=rtpmap:127 H264/90000',
  'a=rtcp-fb:127 nack',
  'a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
];

describe('SDP offers', () => {
  it('picks the first offered codec the relay forwards, with its RTX', () => {
    const choice = chooseCodecs(
      parseOffer(sdp(...chromeVideo)),
      { video: ['VP8', 'H264'], audio: ['opus'] },
      'publish',
    );
    // 42001f is baseline without the constrained flag; 42e01f is constrained baseline.
    expect(choice.video).toMatchObject({
      name: 'H264',
      codec: { payloadType: 127, rtcpFeedback: [{ type: 'nack' }] },
    });
    expect(choice.video?.rtx).toBeUndefined();
    expect(choice.audio).toBeNull();
  });

  it('knows constrained baseline in packetization mode 1', () => {
    const h264 = (parameters: string) => ({
      payloadType: 1,
      name: 'H264',
      clockRate: 90000,
      parameters,
      rtcpFeedback: [],
    });
    expect(isConstrainedBaselineMode1(h264('profile-level-id=42e01f;packetization-mode=1'))).toBe(true);
    expect(isConstrainedBaselineMode1(h264('profile-level-id=42c01f;packetization-mode=1'))).toBe(true);
    expect(isConstrainedBaselineMode1(h264('profile-level-id=42e01f;packetization-mode=0'))).toBe(false);
    expect(isConstrainedBaselineMode1(h264('profile-level-id=4d001f;packetization-mode=1'))).toBe(false);
  });

  it('skips disabled sections and refuses data channels', () => {
    const disabled = sdp(
      'm=audio 0 UDP/TLS/RTP/SAVPF 0',
      'a=rtpmap:0 PCMU/8000',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=sendonly',
      'a=rtpmap:96 VP8/90000',
    );
    expect(
      chooseCodecs(parseOffer(disabled), { video: ['VP8'], audio: ['opus'] }, 'publish').video?.name,
    ).toBe('VP8');
    const data = sdp('m=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'a=sctp-port:5000');
    expect(() => chooseCodecs(parseOffer(data), { video: ['VP8'], audio: ['opus'] }, 'publish')).toThrow(
      /application/,
    );
  });

  it('says which line is malformed', () => {
    expect(() => parseOffer('v=0\r\nthis is not sdp\r\n')).toThrow(/"this is not sdp"/);
  });
});
