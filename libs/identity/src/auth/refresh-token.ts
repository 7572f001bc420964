import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of randomness in a refresh token (86 URL-safe characters, like `token_urlsafe(64)`). */
export const REFRESH_TOKEN_BYTES = 64;

/** A new opaque refresh token: 64 random bytes, base64url. Only its hash is ever stored. */
export function generateRefreshToken(): string {
  return randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
}

/** SHA-256 of a token as 64 lowercase hex characters (the stored form). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `token` hashes to `expectedHash`, compared in constant time. */
export function verifyTokenHash(token: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
