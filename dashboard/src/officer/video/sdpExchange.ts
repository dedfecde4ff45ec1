// WHIP/WHEP signalling from the phone: the server takes one complete offer (no trickle ICE), so
// the offer is sent only once ICE gathering has finished; the answer, the session to DELETE
// and the stream id come back. Failures become ApiErrors with the server's own words.
import { ApiError, NO_RESPONSE, readErrorMessage } from '../../api/client';

export interface SdpSession {
  answer: string;
  /** DELETE it to end the session (path on this server). */
  location: string;
  streamId: string;
}

/** Long enough for a slow 4G phone to gather its host and reflexive candidates. */
const GATHER_TIMEOUT_MS = 5_000;

/** Creates the offer and resolves with it once every candidate is in (or after a timeout). */
export async function completeOffer(pc: RTCPeerConnection): Promise<string> {
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const timer = window.setTimeout(done, GATHER_TIMEOUT_MS);
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
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('The browser produced no SDP offer.');
  return sdp;
}

export async function exchangeSdp(
  url: string,
  token: string,
  offer: string,
  signal?: AbortSignal,
): Promise<SdpSession> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/sdp' },
      body: offer,
      signal: signal ?? null,
    });
  } catch (error) {
    throw new ApiError(NO_RESPONSE, error instanceof Error ? error.message : String(error));
  }
  if (response.status !== 201) throw new ApiError(response.status, await readErrorMessage(response));
  const location = response.headers.get('location');
  const streamId = response.headers.get('x-stream-id');
  if (!location || !streamId) throw new ApiError(response.status, 'The server answered without a session.');
  return { answer: await response.text(), location, streamId };
}

/** Ends a WHIP/WHEP session; best effort (the server ends it anyway when the media stops). */
export async function endSession(location: string, token: string): Promise<void> {
  await fetch(location, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
    keepalive: true,
  }).catch(() => undefined);
}
