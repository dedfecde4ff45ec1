// What a sign-in QR code may carry: the device token itself, or the officer app's address with
// the token in its fragment (`…/officer#token=fcc_d_…`), which a phone's own camera app opens.
const DEVICE_TOKEN = /^fcc_d_[A-Za-z0-9_-]{20,}$/;

export function tokenFromScan(text: string): string | null {
  const trimmed = text.trim();
  if (DEVICE_TOKEN.test(trimmed)) return trimmed;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  const token = new URLSearchParams(url.hash.replace(/^#/, '')).get('token') ?? url.searchParams.get('token');
  return token && DEVICE_TOKEN.test(token) ? token : null;
}
