import type { INestApplication } from '@nestjs/common';
import type { Response } from 'express';
import helmet from 'helmet';

/** The API answers JSON only: nothing may load, run, frame it or be posted from it. */
export const API_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/**
 * Swagger UI (/docs) and the queue dashboard (/queues) are pages of our own scripts: no inline or
 * foreign script runs there. Inline styles stay allowed (both UIs set style attributes), and the
 * dashboard's web font comes from Google Fonts.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
  "font-src 'self' https://fonts.gstatic.com",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A stored user file is data, never a page: a sandbox with nothing allowed. */
export const USER_FILE_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'";

/** Paths of the browser consoles, outside /api/v1. */
export const CONSOLE_PATHS = ['/docs', '/docs-json', '/docs-yaml', '/queues'];

/**
 * Headers for every user-supplied file we send (avatars, images, activity originals): downloaded,
 * not displayed inline; its declared type is final (no sniffing a GPX into HTML); and should a
 * browser render it anyway, it runs in a sandbox without scripts. Images still load in <img>.
 */
export function setUserFileHeaders(res: Response, filename?: string): void {
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', USER_FILE_CONTENT_SECURITY_POLICY);
}

/** `attachment`, with the file name when given (ASCII fallback plus RFC 5987 UTF-8 form). */
export function contentDisposition(filename?: string): string {
  if (!filename) return 'attachment';
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Security headers (helmet) with the API's strict policy, and the consoles' own narrow one. */
export function useSecurityHeaders(app: INestApplication): void {
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: API_CONTENT_SECURITY_POLICY },
      // Avatars and course images are embedded by the app and the web from other origins.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  app.use(CONSOLE_PATHS, (_req: unknown, res: Response, next: () => void) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY);
    next();
  });
}
