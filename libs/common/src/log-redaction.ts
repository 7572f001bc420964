/**
 * What logged URLs may not carry: credentials in query strings (the Strava webhook's
 * `hub.verify_token`, OAuth `code`/`state`, any `token`, `secret`, `password`, `signature`, `key`).
 * Pure functions, used by the api's and the worker's log serializers. (SQL parameters of failed
 * queries: libs/database query-logger.)
 */

export const REDACTED = '[REDACTED]';

/** Query parameter names whose values are never logged (matched case-insensitively, anywhere in the name). */
const SECRET_PARAMETER =
  /token|code|secret|password|passwd|signature|sig$|key|state|challenge|credential|auth/i;

export function isSecretParameter(name: string): boolean {
  return SECRET_PARAMETER.test(name);
}

/**
 * `/api/v1/strava/webhook?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=x` →
 * `/api/v1/strava/webhook?hub.mode=subscribe&hub.verify_token=[REDACTED]&hub.challenge=[REDACTED]`.
 * Works on paths and absolute URLs; the fragment is dropped; anything unparsable keeps its path only.
 */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const withoutHash = hash === -1 ? url : url.slice(0, hash);
  const question = withoutHash.indexOf('?');
  if (question === -1) return withoutHash;
  const path = withoutHash.slice(0, question);
  const query = withoutHash.slice(question + 1);
  if (query === '') return path;
  const parts = query.split('&').map((part) => {
    const equals = part.indexOf('=');
    const rawName = equals === -1 ? part : part.slice(0, equals);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      return `${rawName}=${REDACTED}`;
    }
    return isSecretParameter(name) ? `${rawName}=${REDACTED}` : part;
  });
  return `${path}?${parts.join('&')}`;
}
