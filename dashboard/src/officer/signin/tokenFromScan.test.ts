import { describe, expect, it } from 'vitest';
import { tokenFromScan } from './tokenFromScan';

const token = 'fcc_d_' + 'a1B2-c3_'.repeat(5);

describe('tokenFromScan', () => {
  it('takes a bare device token, spaces around it ignored', () => {
    expect(tokenFromScan(` ${token}\n`)).toBe(token);
  });

  it("takes the token from the officer app's sign-in link", () => {
    expect(tokenFromScan(`https://fcc.example.gov.cn/officer#token=${token}`)).toBe(token);
    expect(tokenFromScan(`http://10.0.0.5:8080/officer?token=${token}`)).toBe(token);
  });

  it('refuses anything else: a staff token, a check-in code, a bare URL', () => {
    expect(tokenFromScan('fcc_u_' + 'x'.repeat(40))).toBeNull();
    expect(tokenFromScan('FCC-CHECKIN:abcdef123456')).toBeNull();
    expect(tokenFromScan('https://fcc.example.gov.cn/officer')).toBeNull();
    expect(tokenFromScan('')).toBeNull();
  });
});
