// Bearer tokens: random, prefixed by what they identify, stored only as SHA-256.
import { createHash, randomBytes } from 'node:crypto';

export type TokenKind = 'user' | 'device' | 'partner';
const PREFIX: Record<TokenKind, string> = { user: 'fcc_u_', device: 'fcc_d_', partner: 'fcc_p_' };

export function newToken(kind: TokenKind): { token: string; hash: Buffer } {
  const token = PREFIX[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function tokenKind(token: string): TokenKind | null {
  for (const kind of Object.keys(PREFIX) as TokenKind[]) {
    if (token.startsWith(PREFIX[kind])) return kind;
  }
  return null;
}
