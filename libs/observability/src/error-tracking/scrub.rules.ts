/**
 * What an error report may carry: which process and request failed, and whose request it was —
 * never credentials (Authorization, cookies, `?token=`) nor request bodies (GPS tracks, profiles).
 */

/** The parts of a Sentry event this scrubber reads and rewrites (structurally typed). */
export interface ScrubbableEvent {
  request?: { method?: string; url?: string };
  user?: { id?: string | number };
  breadcrumbs?: unknown[];
}

/** Keeps the request's method and URL path only, the user's id only, and no breadcrumbs. */
export function scrubEvent<E extends ScrubbableEvent>(event: E): E {
  const scrubbed: ScrubbableEvent = event;
  if (scrubbed.request) {
    const { method, url } = scrubbed.request;
    scrubbed.request = { method, url: url === undefined ? undefined : pathOnly(url) };
  }
  if (scrubbed.user) scrubbed.user = scrubbed.user.id === undefined ? {} : { id: scrubbed.user.id };
  delete scrubbed.breadcrumbs;
  return event;
}

/** `https://host/api/v1/x?token=…#frag` → `https://host/api/v1/x`. */
export function pathOnly(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
