import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../support/test-env';

/**
 * docs/operations.md promises the code runs behind PgBouncer in transaction pooling: every advisory
 * lock is transaction-scoped, and nothing keeps state on a server connection between transactions.
 */
const SESSION_STATE: Array<[string, RegExp]> = [
  ['a session-level advisory lock (use pg_advisory_xact_lock)', /pg_(try_)?advisory_lock(_shared)?\s*\(/],
  ['LISTEN (a pooled connection is not yours between transactions)', /['"`]\s*LISTEN\s+[a-z_"]/],
  [
    'a session-wide set_config (third argument must be true: transaction-local)',
    /set_config\s*\([^)]*,\s*false\s*\)/i,
  ],
];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(e2e-)?spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

function sessionStateFindings(files: Array<{ path: string; text: string }>): string[] {
  return files.flatMap(({ path, text }) =>
    SESSION_STATE.filter(([, pattern]) => pattern.test(text)).map(([what]) => `${path}: ${what}`),
  );
}

describe('PgBouncer transaction pooling compatibility', () => {
  const files = ['apps', 'libs', 'scripts', 'migrations'].flatMap((folder) =>
    sourceFiles(join(PROJECT_ROOT, folder)).map((path) => ({
      path: relative(PROJECT_ROOT, path),
      text: readFileSync(path, 'utf8'),
    })),
  );

  it('reads the code (the pipeline, the sweeper and the domains take advisory locks)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some(({ text }) => text.includes('pg_advisory_xact_lock'))).toBe(true);
  });

  it('keeps no session state on a pooled server connection', () => {
    expect(sessionStateFindings(files)).toEqual([]);
  });

  it('finds session-level advisory locks, LISTEN and session-wide settings', () => {
    expect(
      sessionStateFindings([
        { path: 'a.ts', text: "await manager.query(`SELECT pg_advisory_lock(hashtext('x'))`);" },
        { path: 'b.ts', text: 'await client.query(`SELECT pg_try_advisory_lock(42)`);' },
        { path: 'c.ts', text: "await client.query('LISTEN runvs_live');" },
        { path: 'd.ts', text: "await client.query(`SELECT set_config('app.user', $1, false)`);" },
        {
          path: 'e.ts',
          text: "await manager.query(`SELECT pg_advisory_xact_lock(1), set_config('x', 'y', true)`);",
        },
      ]),
    ).toEqual([
      'a.ts: a session-level advisory lock (use pg_advisory_xact_lock)',
      'b.ts: a session-level advisory lock (use pg_advisory_xact_lock)',
      'c.ts: LISTEN (a pooled connection is not yours between transactions)',
      'd.ts: a session-wide set_config (third argument must be true: transaction-local)',
    ]);
  });
});
