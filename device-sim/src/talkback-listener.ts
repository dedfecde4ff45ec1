// Talkback on the device: when an operator speaks (`talkback:started`), the device receives the
// audio by WHEP and counts the packets heard (a simulated device has no loudspeaker).
import type { RtpPacket } from 'werift';
import { connected, deleteSession, devicePeer, exchangeSdp, gatheredOffer } from './webrtc';

export class TalkbackListener {
  private closed = false;

  private constructor(
    private readonly pc: ReturnType<typeof devicePeer>,
    private readonly location: string,
    private readonly token: string,
  ) {}

  /** WHEP to the talkback endpoint; `heard` is called per audio packet received. */
  static async start(
    server: string,
    whepPath: string,
    token: string,
    heard: () => void,
  ): Promise<TalkbackListener> {
    const pc = devicePeer(server);
    const transceiver = pc.addTransceiver('audio', { direction: 'recvonly' });
    transceiver.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((_rtp: RtpPacket) => heard()));
    try {
      const answer = await exchangeSdp(
        new URL(whepPath, server),
        token,
        await gatheredOffer(pc),
        'talkback WHEP',
      );
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      const listener = new TalkbackListener(pc, answer.location, token);
      await connected(pc).catch(async (error: unknown) => {
        await listener.close();
        throw error;
      });
      return listener;
    } catch (error) {
      await pc.close().catch(() => undefined);
      throw error;
    }
  }

  /** Leaves the talkback (DELETE; a talkback the server already ended answers 404, fine). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await deleteSession(this.location, this.token).catch(() => undefined);
    await this.pc.close().catch(() => undefined);
  }
}
