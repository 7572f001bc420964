import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a user has to approve at Strava and come back. */
export const OAUTH_STATE_TTL_SECONDS = 600;

/**
 * The OAuth `state` (Decision 9): `<payload>.<signature>`, payload = base64url JSON of the user id,
 * its expiry and a nonce, signature = HMAC-SHA256 under a key derived from the app secret. A state
 * signed for another user, altered, or expired is refused.
 */
export function signOAuthState(secret: string, userId: string, nowMs = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({
      u: userId,
      e: Math.floor(nowMs / 1000) + OAUTH_STATE_TTL_SECONDS,
      n: randomBytes(9).toString('base64url'),
    }),
  ).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export type OAuthStateCheck = 'ok' | 'malformed' | 'bad-signature' | 'other-user' | 'expired';

export function verifyOAuthState(
  secret: string,
  state: string,
  userId: string,
  nowMs = Date.now(),
): OAuthStateCheck {
  const [payload, signature, extra] = state.split('.');
  if (!payload || !signature || extra !== undefined) return 'malformed';
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad-signature';
  let claims: { u?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; e?: unknown };
  } catch {
    return 'malformed';
  }
  if (claims.u !== userId) return 'other-user';
  if (typeof claims.e !== 'number' || claims.e * 1000 < nowMs) return 'expired';
  return 'ok';
}

function sign(secret: string, payload: string): string {
  const key = createHmac('sha256', secret).update('runvs:strava-oauth-state').digest();
  return createHmac('sha256', key).update(payload).digest('base64url');
}
