import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '../..');

/** Where the test databases live: TEST_DATABASE_URL, else the local server as `postgres`. */
export function testServerUrl(): URL {
  return new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
}

export function databaseUrl(database: string): string {
  const url = testServerUrl();
  url.pathname = `/${database}`;
  return url.toString();
}

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
}

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 10);
}

/** Several checkouts (worktrees, CI clones) share one server: names carry the checkout's hash. */
export function checkoutTag(): string {
  return shortHash(PROJECT_ROOT);
}

/** The template is rebuilt whenever a migration file changes. */
export function templateDatabaseName(): string {
  const folder = join(PROJECT_ROOT, 'migrations');
  const contents = readdirSync(folder)
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .join('\n');
  return `runvs_tpl_${checkoutTag()}_${shortHash(contents)}`;
}

export const TEST_DATABASE_PREFIX = () => `runvs_t_${checkoutTag()}_`;
