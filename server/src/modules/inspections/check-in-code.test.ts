import { describe, expect, it } from 'vitest';
import { checkInPayload, newCheckInToken, tokenOfScan } from './check-in-code';

describe('check-in codes', () => {
  it('reads the token back from the printed text or the bare token', () => {
    const token = newCheckInToken();
    expect(tokenOfScan(checkInPayload(token))).toBe(token);
    expect(tokenOfScan(` ${token}\n`)).toBe(token);
  });

  it('refuses codes that are not ours', () => {
    for (const scanned of [
      'https://example.com/menu',
      'FCC-CHECKIN:',
      'FCC-CHECKIN:ck_short',
      'ck_' + 'x'.repeat(40),
    ]) {
      expect(tokenOfScan(scanned)).toBeUndefined();
    }
  });

  it('makes a different token each time', () => {
    expect(newCheckInToken()).not.toBe(newCheckInToken());
  });
});
