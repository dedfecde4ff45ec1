// MapLibre fetches the style and its GeoJSON itself; our /api/ needs the bearer
// token on those requests, and nobody else may ever receive it.
import type { RequestParameters } from 'maplibre-gl';

export function authorizeRequest(
  url: string,
  token: string | null,
  origin: string,
): RequestParameters | undefined {
  if (!token) return undefined;
  let target: URL;
  try {
    target = new URL(url, origin);
  } catch {
    // Not a URL we can reason about, so certainly not one of ours.
    return undefined;
  }
  if (target.origin !== origin || !target.pathname.startsWith('/api/')) return undefined;
  return { url, headers: { Authorization: `Bearer ${token}` } };
}
