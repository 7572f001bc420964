import {
  generateRefreshToken,
  hashToken,
  openReplacement,
  sealReplacement,
  verifyTokenHash,
} from './refresh-token';

// Conformance with algorithms.md §17 test_security.py (refresh tokens and hashing).
describe('refresh tokens', () => {
  it('are long URL-safe strings (64 random bytes)', () => {
    const token = generateRefreshToken();
    expect(token.length).toBeGreaterThan(20);
    expect(token).toMatch(/^[A-Za-z0-9_-]{86}$/);
  });

  it('are unique over 100 draws', () => {
    expect(new Set(Array.from({ length: 100 }, generateRefreshToken)).size).toBe(100);
  });

  it('hash deterministically to 64 lowercase hex characters', () => {
    expect(hashToken('abc')).toBe(hashToken('abc'));
    expect(hashToken('abc')).not.toBe(hashToken('abd'));
    expect(hashToken('abc')).toMatch(/^[0-9a-f]{64}$/);
    // SHA-256("abc"), the FIPS 180-2 test vector.
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('verify a token against its hash', () => {
    const token = generateRefreshToken();
    expect(verifyTokenHash(token, hashToken(token))).toBe(true);
    expect(verifyTokenHash(`${token}x`, hashToken(token))).toBe(false);
    expect(verifyTokenHash(token, 'not-hex')).toBe(false);
  });
});

describe('sealed replacements', () => {
  it('open only with the rotated token that sealed them', () => {
    const rotated = generateRefreshToken();
    const sealed = sealReplacement(rotated, { refresh_token: 'next', access_token: 'a' });
    expect(openReplacement(rotated, sealed)).toEqual({ refresh_token: 'next', access_token: 'a' });
    expect(openReplacement(generateRefreshToken(), sealed)).toBeNull();
    expect(sealed.includes(Buffer.from('next'))).toBe(false);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(openReplacement(rotated, tampered)).toBeNull();
    expect(openReplacement(rotated, Buffer.alloc(4))).toBeNull();
  });
});
