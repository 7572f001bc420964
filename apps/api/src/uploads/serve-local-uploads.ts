import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { LOCAL_UPLOADS_PATH, PRIVATE_KEY_PREFIX } from '@runvs/storage';
import express, { type NextFunction, type Request, type Response } from 'express';
import { posix, resolve } from 'node:path';
import { setUserFileHeaders } from '../common/security-headers';

/**
 * With local storage, the api serves the public stored files itself at /uploads/<key> (outside
 * /api/v1): avatars, images, course thumbnails — never private files, which live in another
 * directory. Each is sent as a sandboxed attachment (setUserFileHeaders). Keys never change
 * content, so they may be cached for a year; unknown paths fall through to the contract's 404.
 */
const NEVER_PUBLIC = [PRIVATE_KEY_PREFIX, 'imports/'];

/** As the static handler will resolve it (percent-decoded, `.`/`//` normalised). */
function neverPublic(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  const key = posix.normalize(decoded).replace(/^\/+/, '');
  return NEVER_PUBLIC.some((prefix) => key.startsWith(prefix));
}

export function serveLocalUploads(app: INestApplication, config: AppConfig): void {
  if (config.storage.driver !== 'local') return;
  const serve = express.static(resolve(config.storage.localDir), {
    index: false,
    dotfiles: 'ignore',
    redirect: false,
    fallthrough: true,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => setUserFileHeaders(res),
  });
  // Private files live in LOCAL_PRIVATE_STORAGE_DIR, which this never serves. Belt and braces:
  // nothing under private/ (export zips of older versions) nor imports/ (originals stored publicly
  // before private storage, until the worker has moved them) is served either.
  app.use(LOCAL_UPLOADS_PATH, (req: Request, res: Response, next: NextFunction) =>
    neverPublic(req.path) ? next() : serve(req, res, next),
  );
}
