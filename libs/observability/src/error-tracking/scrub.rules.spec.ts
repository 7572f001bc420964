import { pathOnly, type ScrubbableEvent, scrubEvent } from './scrub.rules';

/** A Sentry event as the SDK hands it over: more fields than the scrubber knows. */
const event = (fields: Record<string, unknown>) => fields as ScrubbableEvent & Record<string, unknown>;

describe('error report scrubbing', () => {
  it('keeps method, path and user id; drops headers, cookies, bodies, queries and breadcrumbs', () => {
    const scrubbed = scrubEvent(
      event({
        message: 'boom',
        request: {
          method: 'POST',
          url: 'http://api/api/v1/runs/sessions/1/chunks?token=secret-token',
          headers: { authorization: 'Bearer secret-token', cookie: 'a=b' },
          cookies: { a: 'b' },
          data: '{"points":[{"lat":37.55,"lng":126.97}]}',
          query_string: 'token=secret-token',
        },
        user: { id: 'u-1', email: 'runner@runvs.test', ip_address: '10.0.0.1' },
        breadcrumbs: [{ message: 'GET /api/v1/me?token=secret-token' }],
        tags: { request_id: 'r-1' },
      }),
    );
    expect(scrubbed).toEqual({
      message: 'boom',
      request: { method: 'POST', url: 'http://api/api/v1/runs/sessions/1/chunks' },
      user: { id: 'u-1' },
      tags: { request_id: 'r-1' },
    });
    expect(JSON.stringify(scrubbed)).not.toMatch(/secret-token|37\.55|runner@/);
  });

  it('leaves an event without request or user alone', () => {
    expect(scrubEvent(event({ message: 'job failed' }))).toEqual({ message: 'job failed' });
    expect(scrubEvent(event({ user: { ip_address: '1.2.3.4' } }))).toEqual({ user: {} });
  });

  it('cuts the query string and the fragment off a URL', () => {
    expect(pathOnly('/a/b?c=d#e')).toBe('/a/b');
    expect(pathOnly('/a/b#e')).toBe('/a/b');
    expect(pathOnly('/a/b')).toBe('/a/b');
  });
});
