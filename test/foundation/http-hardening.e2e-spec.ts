import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { ObjectStorage } from '@runvs/storage';
import { createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { chunksOf, trackAlong } from '../runs/run-helpers';

const CONSOLE = { user: 'admin', password: 'console-password-for-tests' };

/**
 * Issue 14 items 3 and 9: user files cannot become pages on the API's origin, the API's own policy
 * allows no inline script, and request bodies are small unless the route carries GPS tracks —
 * and are read only after the caller was authenticated.
 */
describe('HTTP hardening: security headers and body limits', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ env: { ADMIN_CONSOLE_PASSWORD: CONSOLE.password } });
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = () => request(app.getHttpServer());
  const basic = `Basic ${Buffer.from(`${CONSOLE.user}:${CONSOLE.password}`).toString('base64')}`;

  describe('content security (item 3)', () => {
    it('gives the API a policy without inline scripts or anything else to load', async () => {
      const response = await http().get('/health');
      const policy = response.headers['content-security-policy'];
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it.each(['/docs', '/queues'])('gives %s its own narrow policy: own scripts only', async (path) => {
      const response = await http().get(path).set('Authorization', basic).redirects(1);
      expect(response.status).toBe(200);
      expect(response.text).toMatch(/<html/i);
      const policy: string = response.headers['content-security-policy'];
      const scripts = policy.split(';').find((directive) => directive.trim().startsWith('script-src'));
      expect(scripts?.trim()).toBe("script-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
    });

    it('serves a stored user file with a script in it as a sandboxed attachment, never as a page', async () => {
      const storage = app.get(ObjectStorage);
      const gpx = Buffer.from(
        '<?xml version="1.0"?><gpx xmlns="http://www.topografix.com/GPX/1/1">' +
          '<script xmlns="http://www.w3.org/1999/xhtml">alert(document.cookie)</script></gpx>',
      );
      const stored = await storage.put('images/attacker/evil.gpx', gpx, 'application/gpx+xml');
      const path = new URL(stored.url).pathname;
      const response = await http().get(path).expect(200);
      expect(response.headers['content-disposition']).toBe('attachment');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain('sandbox');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    });
  });

  describe('body limits (item 9)', () => {
    const padding = (bytes: number) => 'x'.repeat(bytes);

    it('refuses a 200 KB body on an ordinary route with 413, before validation', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const response = await http()
        .patch('/api/v1/users/me/profile')
        .set('Authorization', authorization)
        .send({ bio: padding(200 * 1024) })
        .expect(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('accepts a chunk of over 1 MB on the chunk route (the large limit)', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const session = await http()
        .post('/api/v1/runs/sessions')
        .set('Authorization', authorization)
        .send({ started_at: new Date(Date.now() - 5 * 3_600_000).toISOString() })
        .expect(201);
      const points = trackAlong(
        [
          [127.0, 37.5],
          [127.4, 37.5],
        ],
        { speedMs: 3, intervalS: 1, startMs: Date.now() - 4 * 3_600_000 },
      ).slice(0, 10_000);
      const [chunk] = chunksOf(session.body.session_id as string, points, 10_000);
      const body = JSON.stringify(chunk);
      expect(body.length).toBeGreaterThan(1024 * 1024);
      const accepted = await http()
        .post(`/api/v1/runs/sessions/${session.body.session_id}/chunks`)
        .set('Authorization', authorization)
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(201);
      expect(accepted.body).toMatchObject({ sequence: 0 });
    });

    it('authenticates before reading a large body: an anonymous 2 MB garbage body gets 401, not 400', async () => {
      const response = await http()
        .post('/api/v1/runs/sessions/00000000-0000-4000-8000-000000000000/chunks')
        .set('Content-Type', 'application/json')
        .send(`{"broken": ${padding(2 * 1024 * 1024)}`)
        .expect(401);
      expect(response.body.code).toBe('AUTH_REQUIRED');
    });

    it('refuses a body over the large limit from its Content-Length', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const response = await http()
        .post('/api/v1/runs/sessions/00000000-0000-4000-8000-000000000000/chunks')
        .set('Authorization', authorization)
        .set('Content-Type', 'application/json')
        .send(`{"x":"${padding(config.app.largeJsonLimitBytes)}"}`)
        .expect(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('still answers malformed JSON with 400 INVALID_JSON once authenticated', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const response = await http()
        .patch('/api/v1/users/me/profile')
        .set('Authorization', authorization)
        .set('Content-Type', 'application/json')
        .send('{"bio": ')
        .expect(400);
      expect(response.body.code).toBe('INVALID_JSON');
    });

    it('answers a body that is not in its Content-Encoding with 400, and reads one that is', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const patch = (encoding: string, body: Buffer | string) =>
        http()
          .patch('/api/v1/users/me/profile')
          .set('Authorization', authorization)
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', encoding)
          // as it is: superagent would JSON-encode a Buffer sent as application/json
          .serialize((raw: Buffer | string) => raw as string)
          .send(body);
      const notGzip = await patch('gzip', '{"bio": "hello"}').expect(400);
      expect(notGzip.body).toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('decoded'),
      });
      const truncated = await patch('gzip', gzipSync('{"bio": "hello"}').subarray(0, 12)).expect(400);
      expect(truncated.body.code).toBe('BAD_REQUEST');
      expect((await patch('compress', '{"bio": "hello"}').expect(415)).body.code).toBe(
        'UNSUPPORTED_MEDIA_TYPE',
      );
      const gzipped = await patch('gzip', gzipSync('{"bio": "hello"}')).expect(200);
      expect(gzipped.body.bio).toBe('hello');
    });
  });
});
