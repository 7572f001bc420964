import { loadConfig } from '@runvs/config';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { accessTokenSubject, InvalidAccessToken, signAccessToken, verifyAccessToken } from './access-token';

// Conformance with algorithms.md §17 test_security.py (access tokens); the refresh-token rows are
// in auth/refresh-token.spec.ts.
describe('access tokens (§17 test_security)', () => {
  const config = loadConfig({ APP_ENV: 'development' });
  const userId = randomUUID();
  const sessionId = randomUUID();
  const complete = { type: 'access', sid: sessionId };
  const ours = { issuer: 'runvs-api', audience: 'runvs-app' };
  const sign = (claims: object, secret = config.auth.jwtSecret, options: jwt.SignOptions = {}) =>
    jwt.sign(claims, secret, { algorithm: 'HS256', subject: userId, ...options });
  const refusal = (token: string) => {
    try {
      verifyAccessToken(config, token);
    } catch (error) {
      return error as InvalidAccessToken;
    }
    throw new Error('the token was accepted');
  };

  it('create_access_token: sub, sid, type "access", iss, aud, exp and iat', () => {
    const claims = jwt.verify(signAccessToken(config, userId, sessionId), config.auth.jwtSecret, {
      algorithms: ['HS256'],
    }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: userId, sid: sessionId, type: 'access', iss: 'runvs-api' });
    expect(claims.aud).toBe('runvs-app');
    expect(typeof claims.iat).toBe('number');
    expect(typeof claims.exp).toBe('number');
  });

  it('exp is within ±1 s of now + ACCESS_TOKEN_EXPIRE_MINUTES (30)', () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = jwt.decode(signAccessToken(config, userId, sessionId)) as jwt.JwtPayload;
    expect(Math.abs(claims.exp! - (now + 30 * 60))).toBeLessThanOrEqual(1);
  });

  it('decodes a valid token to its user and session', () => {
    expect(verifyAccessToken(config, signAccessToken(config, userId, sessionId))).toEqual({
      userId,
      sessionId,
      expiresAt: expect.any(Number),
    });
  });

  it('remembers a verified token by its text, and still refuses it once its exp has passed', () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = sign({ ...complete, exp }, undefined, ours);
    expect(verifyAccessToken(config, token)).toMatchObject({ userId, sessionId, expiresAt: exp * 1000 });
    expect(verifyAccessToken(config, token)).toMatchObject({ userId, sessionId });
    // One character changed in the signature: not the remembered token, so checked and refused.
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(refusal(tampered)).toMatchObject({ reason: 'invalid' });
    const now = jest.spyOn(Date, 'now').mockReturnValue(exp * 1000);
    try {
      expect(refusal(token)).toMatchObject({ reason: 'expired' });
    } finally {
      now.mockRestore();
    }
  });

  it('refuses garbage', () => {
    expect(refusal('not-a-valid-jwt')).toMatchObject({ reason: 'invalid' });
  });

  it('refuses an expired token (exp = now − 1 h) as expired', () => {
    const expired = sign({ ...complete, exp: Math.floor(Date.now() / 1000) - 3600 }, undefined, ours);
    expect(refusal(expired)).toMatchObject({ reason: 'expired' });
  });

  it('refuses a correctly signed token without exp (issue 14 item 6)', () => {
    expect(refusal(sign(complete, undefined, ours))).toMatchObject({
      reason: 'invalid',
      message: 'The access token has no expiry.',
    });
  });

  it.each([
    ['no issuer', { audience: 'runvs-app', expiresIn: 60 }],
    ['another issuer', { issuer: 'someone-else', audience: 'runvs-app', expiresIn: 60 }],
    ['no audience', { issuer: 'runvs-api', expiresIn: 60 }],
    ['another audience', { issuer: 'runvs-api', audience: 'admin-panel', expiresIn: 60 }],
  ] as Array<[string, jwt.SignOptions]>)('refuses a token with %s (issue 14 item 6)', (_name, options) => {
    expect(refusal(sign(complete, undefined, options))).toMatchObject({ reason: 'invalid' });
  });

  it('refuses a token without a session id', () => {
    expect(refusal(sign({ type: 'access' }, undefined, { ...ours, expiresIn: 60 }))).toMatchObject({
      reason: 'invalid',
    });
  });

  it('refuses type "refresh" even with a valid signature: "Invalid token type"', () => {
    const refresh = sign({ type: 'refresh', sid: sessionId }, config.auth.jwtSecret, {
      ...ours,
      expiresIn: 60,
    });
    expect(refusal(refresh).message).toBe('Invalid token type.');
  });

  it('refuses a token signed with "wrong-secret" and an HS512 token', () => {
    expect(refusal(sign(complete, 'wrong-secret', { ...ours, expiresIn: 60 }))).toMatchObject({
      reason: 'invalid',
    });
    const hs512 = jwt.sign(complete, config.auth.jwtSecret, {
      algorithm: 'HS512',
      subject: userId,
      ...ours,
      expiresIn: 60,
    });
    expect(refusal(hs512)).toMatchObject({ reason: 'invalid' });
  });

  it('refuses claims without a subject', () => {
    expect(() => accessTokenSubject({ type: 'access', sid: sessionId, exp: 1 })).toThrow(InvalidAccessToken);
    expect(() => accessTokenSubject(null)).toThrow(InvalidAccessToken);
  });
});
