// Live video routes for the dashboard: the stream list, fixed cameras, asking a device to
// stream, and the SDP exchanges of WHEP (watching) and WHIP talkback (speaking). SDP travels as
// application/sdp text, so those two do not go through the JSON `request`.
import type { FixedCamera, Stream, StreamRequestResult } from '@fcc/shared';
import { useSession } from '../store/session';
import { ApiError, NO_RESPONSE, readErrorMessage, request } from './client';

export const fetchStreams = (signal?: AbortSignal) => request<Stream[]>('GET', '/api/streams', { signal });

export const fetchCameras = (signal?: AbortSignal) =>
  request<FixedCamera[]>('GET', '/api/media/cameras', { signal });

/** 200 with `streamId` when the device already streams; 202 when asked; 409 when not connected. */
export const requestStream = (deviceId: string, reason: string) =>
  request<StreamRequestResult>('POST', `/api/media/devices/${deviceId}/stream-request`, {
    body: { reason },
  });

export const whepPath = (streamId: string) => `/api/streams/${streamId}/whep`;
export const talkbackPath = (deviceId: string) => `/api/media/devices/${deviceId}/talkback`;

export interface SdpAnswer {
  answer: string;
  /** The session's resource: DELETE it to leave. */
  location: string;
}

/** POSTs a complete offer (ICE gathered) with the operator's token; answers the SDP answer. */
export async function postOffer(path: string, offer: string, signal?: AbortSignal): Promise<SdpAnswer> {
  const token = useSession.getState().token;
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/sdp',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: offer,
      signal: signal ?? null,
    });
  } catch (error) {
    throw new ApiError(NO_RESPONSE, error instanceof Error ? error.message : String(error));
  }
  if (response.status === 401 && token && useSession.getState().token === token) {
    useSession.getState().clear();
  }
  if (response.status !== 201) throw new ApiError(response.status, await readErrorMessage(response));
  const location = response.headers.get('location');
  if (!location) throw new ApiError(response.status, `${path}: the answer has no Location`);
  return { answer: await response.text(), location };
}

/**
 * Leaves a WHEP/WHIP session. `keepalive` lets it out even while the page unloads; a session the
 * server has already dropped (its stream ended) answers 404, which is the same outcome.
 */
export async function deleteSession(location: string): Promise<void> {
  const token = useSession.getState().token;
  const response = await fetch(location, {
    method: 'DELETE',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    keepalive: true,
  });
  if (!response.ok && response.status !== 404) {
    throw new ApiError(response.status, await readErrorMessage(response));
  }
}
