// werift peers as a device makes them: host candidates only (werift otherwise asks a public STUN
// server), loopback offered when the server is on this machine, and the whole offer gathered
// before it is sent (WHIP/WHEP carry every candidate; the server does not take trickle ICE).
import { RTCPeerConnection, useH264, useOPUS } from 'werift';
import { ServerRejection } from './server-api';

export function devicePeer(serverUrl: string): RTCPeerConnection {
  const host = new URL(serverUrl).hostname;
  const loopback = host === 'localhost' || host.startsWith('127.') || host === '[::1]';
  return new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: loopback ? ['127.0.0.1'] : [],
    codecs: { video: [useH264()], audio: [useOPUS()] },
  });
}

export async function gatheredOffer(pc: RTCPeerConnection): Promise<string> {
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state === 'complete') {
          unSubscribe();
          resolve();
        }
      });
    });
  }
  return pc.localDescription!.sdp;
}

export interface SdpAnswer {
  sdp: string;
  /** The session's URL: DELETE it to stop. */
  location: string;
  streamId: string | null;
}

/** POSTs an SDP offer (WHIP or WHEP); a 4xx is a ServerRejection with the server's message. */
export async function exchangeSdp(url: URL, token: string, offer: string, what: string): Promise<SdpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/sdp' },
    body: offer,
    signal: AbortSignal.timeout(15_000),
  });
  const body = await response.text();
  if (response.status !== 201) {
    let message = body;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      // not JSON: the raw text it is
    }
    throw new ServerRejection(response.status, message.slice(0, 300), what);
  }
  const location = response.headers.get('location');
  if (!location) throw new Error(`${what}: 201 without a Location`);
  return {
    sdp: body,
    location: new URL(location, url).toString(),
    streamId: response.headers.get('x-stream-id'),
  };
}

/** DELETE of a WHIP/WHEP session; a session the server already ended (404) is fine. */
export async function deleteSession(location: string, token: string): Promise<number> {
  const response = await fetch(location, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(5_000),
  });
  await response.arrayBuffer();
  return response.status;
}

export function connected(pc: RTCPeerConnection, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pc.connectionState === 'connected') return resolve();
    const timer = setTimeout(() => {
      unSubscribe();
      reject(new Error(`the WebRTC connection did not come up in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const { unSubscribe } = pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') {
        clearTimeout(timer);
        unSubscribe();
        resolve();
      } else if (state === 'failed' || state === 'closed') {
        clearTimeout(timer);
        unSubscribe();
        reject(new Error(`the WebRTC connection ${state}`));
      }
    });
  });
}
