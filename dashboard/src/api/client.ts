// The one way the dashboard talks to the server: JSON over fetch, with the
// session's bearer token, and every failure turned into an ApiError.
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

export async function request<T>(
  method: Method,
  path: string,
  options: { body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const token = useSession.getState().token;
  const headers: Record<string, string> = { Accept: 'application/json' };
  // Only with a body: Fastify rejects an empty body declared as JSON.
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    throw new ApiError(NO_RESPONSE, error instanceof Error ? error.message : String(error));
  }

  if (response.status === 401 && token !== null) {
    // Expired or revoked: drop the session so the login screen shows, unless
    // someone has signed in again while this request was in flight.
    if (useSession.getState().token === token) useSession.getState().clear();
  }
  if (!response.ok) throw new ApiError(response.status, await readErrorMessage(response));
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    // Typically an HTML page from a proxy or a route the server does not have yet.
    throw new ApiError(response.status, `${response.url}: the server did not answer with JSON`);
  }
}

async function readErrorMessage(response: Response): Promise<string> {
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
