// The one way the dashboard and the officer app talk to the server: JSON over fetch, with a
// bearer token (the operator's session, or the officer app's device token), and every failure
// turned into an ApiError.
import { ErrorResponse } from '@fcc/shared';
import { Value } from 'typebox/value';
import { useSession } from '../store/session';

/** The request never got an HTTP answer (server down, network gone, aborted). */
export const NO_RESPONSE = 0;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where a client's bearer token comes from, and what to do when the server refuses it. */
export interface TokenSource {
  token(): string | null;
  /** The server answered 401 to a request sent with this token. */
  refused(token: string): void;
}

export type RequestOptions = { body?: unknown; signal?: AbortSignal };

export function createRequest(source: TokenSource) {
  return <T>(method: Method, path: string, options: RequestOptions = {}) =>
    sendRequest<T>(source, method, path, options);
}

/** The operator's requests, with the session token. */
export const request = createRequest({
  token: () => useSession.getState().token,
  // Expired or revoked: drop the session so the login screen shows, unless someone has signed
  // in again while this request was in flight.
  refused: (token) => {
    if (useSession.getState().token === token) useSession.getState().clear();
  },
});

async function sendRequest<T>(
  source: TokenSource,
  method: Method,
  path: string,
  options: RequestOptions,
): Promise<T> {
  const token = source.token();
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A Blob (a photo) goes as it is, anything else as JSON; only with a body: Fastify rejects an
  // empty body declared as JSON.
  const blob = options.body instanceof Blob ? options.body : null;
  if (blob) headers['Content-Type'] = blob.type || 'application/octet-stream';
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: blob ?? (options.body === undefined ? null : JSON.stringify(options.body)),
      signal: options.signal ?? null,
    });
  } catch (error) {
    throw new ApiError(NO_RESPONSE, error instanceof Error ? error.message : String(error));
  }

  if (response.status === 401 && token !== null) source.refused(token);
  if (!response.ok) throw new ApiError(response.status, await readErrorMessage(response));
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    // Typically an HTML page from a proxy or a route the server does not have yet.
    throw new ApiError(response.status, `${response.url}: the server did not answer with JSON`);
  }
}

export async function readErrorMessage(response: Response): Promise<string> {
  const fallback = `${response.status} ${response.statusText}`.trim();
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not our server's JSON (a proxy's HTML error page, say): the status line is all we have.
    return fallback;
  }
  return Value.Check(ErrorResponse, body) && body.message ? body.message : fallback;
}

/**
 * A file from the server (a CSV export, an evidence package, a segment to play) as a Blob with the
 * name the server gave it, with the session token: a plain link cannot send the bearer header.
 */
export async function requestFile(
  path: string,
  method: 'GET' | 'POST' = 'GET',
): Promise<{ blob: Blob; filename: string | null }> {
  const token = useSession.getState().token;
  let response: Response;
  try {
    response = await fetch(path, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new ApiError(NO_RESPONSE, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new ApiError(response.status, await readErrorMessage(response));
  const filename = filenameFromDisposition(response.headers.get('content-disposition') ?? '');
  return { blob: await response.blob(), filename };
}

/**
 * The file name in a Content-Disposition header: the RFC 6266 `filename*=UTF-8''…` form first
 * (how a Chinese name travels), else the plain quoted `filename="…"`.
 */
export function filenameFromDisposition(disposition: string): string | null {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // malformed percent-encoding: fall back to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? /filename=([^;\s]+)/i.exec(disposition)?.[1] ?? null;
}
