/**
 * Test helper: where the shared activity corpus lives (`<repo root>/../shared/fixtures/activities`).
 * Corpus tests are skipped, with a message naming this path, when it does not exist.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'libs')) === false) {
    const up = dirname(dir);
    if (up === dir) return resolve(from, '../../../../..');
    dir = up;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot(__dirname);
/** The shared corpus beside the repo; `ACTIVITY_CORPUS_DIR` points elsewhere (e.g. from a worktree). */
export const ACTIVITY_CORPUS =
  process.env.ACTIVITY_CORPUS_DIR ?? resolve(REPO_ROOT, '../shared/fixtures/activities');
export const hasActivityCorpus = (): boolean => existsSync(ACTIVITY_CORPUS);
export const corpusMissingMessage = `skipped: shared activity fixtures not found at ${ACTIVITY_CORPUS}`;
