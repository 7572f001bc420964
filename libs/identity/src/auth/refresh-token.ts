import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

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

const SEAL_SALT = Buffer.from('runvs refresh replacement v1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

function sealKey(rotatedToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(rotatedToken, 'utf8'), SEAL_SALT, 'aes-256-gcm', 32));
}

/**
 * Encrypts what a rotation handed out (AES-256-GCM) under a key derived from the rotated token
 * itself: only a caller who presents that very token can read it back, and the database alone
 * reveals nothing.
 */
export function sealReplacement(rotatedToken: string, replacement: object): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealKey(rotatedToken), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(replacement), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The replacement sealed under `rotatedToken`, or null when the token does not open it. */
export function openReplacement<T>(rotatedToken: string, sealed: Buffer): T | null {
  if (sealed.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(rotatedToken), sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as T;
  } catch {
    return null;
  }
}
