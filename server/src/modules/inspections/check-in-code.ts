// What a target's printed QR code says: our prefix and the target's secret token. The scan may
// arrive as that text or as the bare token (typed in when a code is damaged).
import { randomBytes } from 'node:crypto';

const PREFIX = 'FCC-CHECKIN:';
const TOKEN = /^ck_[A-Za-z0-9_-]{22}$/;

export function newCheckInToken(): string {
  return `ck_${randomBytes(16).toString('base64url')}`;
}

export function checkInPayload(token: string): string {
  return `${PREFIX}${token}`;
}

/** The token in a scanned code, or undefined when the code is not one of ours. */
export function tokenOfScan(scanned: string): string | undefined {
  const text = scanned.trim();
  const token = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : text;
  return TOKEN.test(token) ? token : undefined;
}
