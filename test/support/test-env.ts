import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '../..');

/** Where the test databases live: TEST_DATABASE_URL, else the local server as `postgres`. */
export function testServerUrl(): URL {
  return new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
}

/** The owner's (migrations') URL of a database on the test server. */
export function databaseUrl(database: string): string {
  const url = testServerUrl();
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The role the apps connect as in the tests, as in production: DML only, made by the same
 * ensureAppRole that `npm run migration:run` calls (on the template, so every clone has it).
 */
export const TEST_APP_ROLE = {
  name: process.env.TEST_APP_DATABASE_ROLE ?? 'runvs_app',
  password: 'runvs_app',
};

/** The app role's URL of a database on the test server. */
export function appDatabaseUrl(database: string): string {
  const url = new URL(databaseUrl(database));
  url.username = encodeURIComponent(TEST_APP_ROLE.name);
  url.password = encodeURIComponent(TEST_APP_ROLE.password);
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

/** The template is rebuilt whenever a migration file or the app role's grants change. */
export function templateDatabaseName(): string {
  const folder = join(PROJECT_ROOT, 'migrations');
  const contents = readdirSync(folder)
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .concat(readFileSync(join(PROJECT_ROOT, 'libs/database/src/app-role.ts'), 'utf8'), TEST_APP_ROLE.name)
    .join('\n');
  return `runvs_tpl_${checkoutTag()}_${shortHash(contents)}`;
}

export const TEST_DATABASE_PREFIX = () => `runvs_t_${checkoutTag()}_`;
