// The browser side of WHEP (watch a stream) and WHIP talkback (speak to a device). The server
// takes complete offers only (no trickle ICE), so each offer waits for ICE gathering to finish.
import { deleteSession, postOffer, talkbackPath, whepPath } from '../api/media';

/** A host-only gathering on a command-room network is quick; past this, send what there is. */
const GATHERING_TIMEOUT_MS = 3000;
/** A connection "disconnected" this long is treated as dead and opened again. */
const DISCONNECTED_GRACE_MS = 5000;

async function completeOffer(pc: RTCPeerConnection): Promise<string> {
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const timer = window.setTimeout(done, GATHERING_TIMEOUT_MS);
      function done() {
        window.clearTimeout(timer);
        pc.removeEventListener('icegatheringstatechange', check);
        resolve();
      }
      function check() {
        if (pc.iceGatheringState === 'complete') done();
      }
      pc.addEventListener('icegatheringstatechange', check);
    });
  }
  return pc.localDescription!.sdp;
}

function leave(location: string | null) {
  if (!location) return;
  deleteSession(location).catch((error: unknown) => console.warn('Leaving a media session failed', error));
}

/** One viewer of one stream. `onDead` fires once if the connection fails after it was set up. */
export class WhepViewer {
  private closed = false;
  private disconnectTimer = 0;

  private constructor(
    private readonly pc: RTCPeerConnection,
    readonly media: MediaStream,
    private location: string | null,
  ) {}

  static async open(streamId: string, onDead: () => void): Promise<WhepViewer> {
    const pc = new RTCPeerConnection();
    const media = new MediaStream();
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addEventListener('track', (event) => media.addTrack(event.track));
    const viewer = new WhepViewer(pc, media, null);
    try {
      const { answer, location } = await postOffer(whepPath(streamId), await completeOffer(pc));
      viewer.location = location;
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch (error) {
      viewer.close();
      throw error;
    }
    pc.addEventListener('connectionstatechange', () => viewer.watchConnection(onDead));
    return viewer;
  }

  private watchConnection(onDead: () => void) {
    if (this.closed) return;
    const state = this.pc.connectionState;
    window.clearTimeout(this.disconnectTimer);
    if (state === 'failed' || state === 'closed') onDead();
    else if (state === 'disconnected')
      this.disconnectTimer = window.setTimeout(onDead, DISCONNECTED_GRACE_MS);
  }

  /** Idempotent: tells the server (DELETE) and closes the connection. */
  close() {
    if (this.closed) return;
    this.closed = true;
    window.clearTimeout(this.disconnectTimer);
    leave(this.location);
    this.pc.close();
    for (const track of this.media.getTracks()) track.stop();
  }
}

/** The operator's microphone published to a device while the push-to-talk button is held. */
export class TalkbackSender {
  private closed = false;

  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly microphone: MediaStream,
    private location: string | null,
  ) {}

  /** Throws a DOMException when the microphone is refused or missing, an ApiError when the server refuses. */
  static async start(deviceId: string): Promise<TalkbackSender> {
    const microphone = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    const pc = new RTCPeerConnection();
    for (const track of microphone.getAudioTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
    const sender = new TalkbackSender(pc, microphone, null);
    try {
      const { answer, location } = await postOffer(talkbackPath(deviceId), await completeOffer(pc));
      sender.location = location;
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch (error) {
      sender.stop();
      throw error;
    }
    return sender;
  }

  /** Idempotent: ends the talkback stream on the server (DELETE), frees the microphone. */
  stop() {
    if (this.closed) return;
    this.closed = true;
    leave(this.location);
    this.pc.close();
    for (const track of this.microphone.getTracks()) track.stop();
  }
}
