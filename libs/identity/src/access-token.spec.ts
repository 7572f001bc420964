import { loadConfig } from '@runvs/config';
import jwt from 'jsonwebtoken';
import { signAccessToken } from './access-token';

// Conformance with algorithms.md §17 test_security.py (token creation and its claims).
describe('access tokens', () => {
  const config = loadConfig({});

  it('carries sub, type "access", iat and exp = iat + 30 minutes', () => {
    const before = Math.floor(Date.now() / 1000);
    const token = signAccessToken(config, 'user-1');
    const claims = jwt.verify(token, config.auth.jwtSecret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: 'user-1', type: 'access' });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(Math.abs(claims.exp! - (before + 30 * 60))).toBeLessThanOrEqual(1);
  });

  it('keeps extra claims', () => {
    const claims = jwt.decode(signAccessToken(config, 'u', { role: 'admin' })) as jwt.JwtPayload;
    expect(claims.role).toBe('admin');
  });

  it('is rejected with another secret', () => {
    const token = signAccessToken(config, 'u');
    expect(() => jwt.verify(token, 'wrong-secret', { algorithms: ['HS256'] })).toThrow();
  });
});
