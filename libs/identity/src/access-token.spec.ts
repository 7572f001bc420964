import { loadConfig } from '@runvs/config';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import {
  accessTokenSubject,
  InvalidAccessTokenType,
  signAccessToken,
  verifyAccessToken,
} from './access-token';

// Conformance with algorithms.md §17 test_security.py (access tokens); the refresh-token rows are
// in auth/refresh-token.spec.ts.
describe('access tokens (§17 test_security)', () => {
  const config = loadConfig({});
  const userId = randomUUID();
  const sign = (claims: object, secret = config.auth.jwtSecret, options: jwt.SignOptions = {}) =>
    jwt.sign(claims, secret, { algorithm: 'HS256', subject: userId, ...options });

  it('create_access_token: sub, type "access", exp and iat', () => {
    const claims = jwt.verify(signAccessToken(config, userId), config.auth.jwtSecret, {
      algorithms: ['HS256'],
    }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: userId, type: 'access' });
    expect(typeof claims.iat).toBe('number');
    expect(typeof claims.exp).toBe('number');
  });

  it('keeps extra claims (role: admin)', () => {
    const claims = jwt.decode(signAccessToken(config, userId, { role: 'admin' })) as jwt.JwtPayload;
    expect(claims.role).toBe('admin');
  });

  it('exp is within ±1 s of now + ACCESS_TOKEN_EXPIRE_MINUTES (30)', () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = jwt.decode(signAccessToken(config, userId)) as jwt.JwtPayload;
    expect(Math.abs(claims.exp! - (now + 30 * 60))).toBeLessThanOrEqual(1);
  });

  it('decodes a valid token to its subject', () => {
    expect(verifyAccessToken(config, signAccessToken(config, userId))).toBe(userId);
  });

  it('refuses garbage', () => {
    expect(() => verifyAccessToken(config, 'not-a-valid-jwt')).toThrow(jwt.JsonWebTokenError);
  });

  it('refuses an expired token (exp = now − 1 h)', () => {
    const expired = sign({ type: 'access', exp: Math.floor(Date.now() / 1000) - 3600 });
    expect(() => verifyAccessToken(config, expired)).toThrow(jwt.TokenExpiredError);
  });

  it('refuses type "refresh" even with a valid signature: "Invalid token type"', () => {
    const refresh = sign({ type: 'refresh' }, config.auth.jwtSecret, { expiresIn: 60 });
    expect(() => verifyAccessToken(config, refresh)).toThrow(new InvalidAccessTokenType());
    expect(() => verifyAccessToken(config, refresh)).toThrow('Invalid token type');
  });

  it('refuses a token signed with "wrong-secret"', () => {
    const forged = sign({ type: 'access' }, 'wrong-secret', { expiresIn: 60 });
    expect(() => verifyAccessToken(config, forged)).toThrow(jwt.JsonWebTokenError);
  });

  it('refuses claims without a subject', () => {
    expect(() => accessTokenSubject({ type: 'access' })).toThrow(InvalidAccessTokenType);
    expect(() => accessTokenSubject(null)).toThrow(InvalidAccessTokenType);
  });
});
