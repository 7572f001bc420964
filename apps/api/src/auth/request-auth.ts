import type { AccessAuthenticator, AccessTokenSubject } from '@runvs/identity';

/** The parts of a request the auth helpers read. */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** The bearer token of the Authorization header, or null. */
export function bearerToken(req: AuthRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  return BEARER.exec(header)?.[1] ?? null;
}

const subjects = new WeakMap<object, AccessTokenSubject | null>();

/**
 * The user and session of a request's access token when its signature and claims are valid,
 * verified once per request (the rate limiter keys on it before the auth guard runs).
 */
export function tokenSubject(
  req: AuthRequest,
  authenticator: AccessAuthenticator,
): AccessTokenSubject | null {
  if (subjects.has(req)) return subjects.get(req) ?? null;
  const token = bearerToken(req);
  const subject = token ? authenticator.subjectOf(token) : null;
  subjects.set(req, subject);
  return subject;
}
