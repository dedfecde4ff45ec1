// The only place that configures werift peers: an answer to a WHIP/WHEP offer with exactly the
// codecs the relay chose, host candidates only (no public STUN), gathered before answering
// because WHIP/WHEP answers carry every candidate (no trickle).
import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  useSdesMid,
  useTransportWideCC,
  type RTCRtpTransceiver,
} from 'werift';
import { BadRequestError } from '../../http/errors';
import type { CodecChoice, OfferedCodec } from './sdp-offer';

export interface PeerOptions {
  /** Extra host addresses to offer (e.g. 127.0.0.1 for peers on the same machine, or a NAT's public address). */
  iceAdditionalHostAddresses: string[];
  /** [min, max] UDP ports for ICE; null: any. */
  icePortRange: [number, number] | null;
  gatherTimeoutMs: number;
}

export interface AnsweredPeer {
  pc: RTCPeerConnection;
  answer: string;
  video: RTCRtpTransceiver | null;
  audio: RTCRtpTransceiver | null;
}

/** Feedback the relay answers or uses; transport-cc only on the publishing leg (drives the sender's BWE). */
function feedbackFor(kind: 'audio' | 'video', role: 'publish' | 'view') {
  if (kind === 'audio') return role === 'publish' ? [{ type: 'transport-cc' }] : [];
  return [
    { type: 'nack' },
    { type: 'nack', parameter: 'pli' },
    ...(role === 'publish' ? [{ type: 'transport-cc' }, { type: 'goog-remb' }] : []),
  ];
}

function toWerift(codec: OfferedCodec, kind: 'audio' | 'video', role: 'publish' | 'view') {
  return new RTCRtpCodecParameters({
    mimeType: `${kind}/${codec.name}`,
    clockRate: codec.clockRate,
    payloadType: codec.payloadType,
    ...(codec.channels ? { channels: codec.channels } : {}),
    ...(codec.parameters ? { parameters: codec.parameters } : {}),
    rtcpFeedback: codec.name.toLowerCase() === 'rtx' ? [] : feedbackFor(kind, role),
  });
}

/**
 * Creates a peer for an offer: `publish` receives from the offerer, `view` sends to it.
 * The caller attaches to the returned transceivers; close `pc` on any later failure.
 */
export async function answerOffer(
  offer: string,
  choice: CodecChoice,
  role: 'publish' | 'view',
  options: PeerOptions,
): Promise<AnsweredPeer> {
  const videoCodecs = choice.video
    ? [choice.video.codec, ...(choice.video.rtx ? [choice.video.rtx] : [])].map((codec) =>
        toWerift(codec, 'video', role),
      )
    : [];
  const audioCodecs = choice.audio ? [toWerift(choice.audio.codec, 'audio', role)] : [];
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: options.iceAdditionalHostAddresses,
    ...(options.icePortRange ? { icePortRange: options.icePortRange } : {}),
    codecs: { video: videoCodecs, audio: audioCodecs },
    headerExtensions: {
      video: role === 'publish' ? [useSdesMid(), useTransportWideCC()] : [useSdesMid()],
      audio: role === 'publish' ? [useSdesMid(), useTransportWideCC()] : [useSdesMid()],
    },
  });
  try {
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    } catch (error) {
      throw new BadRequestError(`The SDP offer could not be applied: ${(error as Error).message}`);
    }
    const transceivers = pc.getTransceivers();
    const pick = (kind: 'audio' | 'video') =>
      transceivers.find((transceiver) => transceiver.kind === kind) ?? null;
    const video = choice.video ? pick('video') : null;
    const audio = choice.audio ? pick('audio') : null;
    // werift keeps every offered codec of a matching MIME type (e.g. all H264 profiles);
    // answer exactly the one chosen (and its RTX), first, so the offerer sends that.
    const keep = (transceiver: RTCRtpTransceiver | null, payloadTypes: number[]) => {
      if (!transceiver) return;
      transceiver.codecs = transceiver.codecs.filter((codec) => payloadTypes.includes(codec.payloadType));
      transceiver.setDirection(role === 'publish' ? 'recvonly' : 'sendonly');
    };
    if (choice.video) {
      keep(video, [
        choice.video.codec.payloadType,
        ...(choice.video.rtx ? [choice.video.rtx.payloadType] : []),
      ]);
    }
    if (choice.audio) keep(audio, [choice.audio.codec.payloadType]);

    // Be the DTLS server when the offerer lets us choose (actpass): the server picks the SRTP
    // profile, and werift prefers AES-GCM where the peer offers it; as client it would leave
    // the choice to the peer (Chromium then picks AES-CM + HMAC-SHA1, dearer per packet).
    for (const transceiver of transceivers) {
      if (transceiver.dtlsTransport?.role === 'auto') transceiver.dtlsTransport.role = 'server';
    }
    const gathered = waitForGathering(pc, options.gatherTimeoutMs);
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered;
    const answer = pc.localDescription?.sdp;
    if (!answer) throw new Error('werift produced no local description');
    return { pc, answer, video, audio };
  } catch (error) {
    await pc.close().catch(() => undefined);
    throw error;
  }
}

function waitForGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(); // answer with what has been gathered; host candidates come first
    }, timeoutMs);
    const { unSubscribe: unsubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
      if (state !== 'complete') return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
