import type { DataSource } from 'typeorm';

/** What the app's role may do on the schema's tables: read and write rows, nothing else. */
const TABLE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';
const SEQUENCE_PRIVILEGES = 'USAGE, SELECT';
/** Bumped whenever the grants below change (the tests' template database is rebuilt then). */
export const APP_ROLE_GRANTS_VERSION = 1;

export interface AppRoleOutcome {
  role: string;
  /** false when the app and the migrations connect as the same user (nothing to grant). */
  separate: boolean;
  created: boolean;
}

/**
 * Makes the app's database user (the user of DATABASE_URL) a least-privilege role, run by the
 * schema owner (MIGRATION_DATABASE_URL) after every migration run — idempotent, on a bare server
 * or an existing one:
 *
 * - the role exists, can log in with the URL's password, and is not superuser, cannot create
 *   databases or roles, replicate or bypass row security;
 * - it may use the `public` schema and SELECT/INSERT/UPDATE/DELETE every table and use every
 *   sequence, including those later migrations create (default privileges); the migrations'
 *   own bookkeeping table is read-only to it;
 * - it owns nothing and gets no CREATE on the schema, TRUNCATE, REFERENCES or TRIGGER: DDL is
 *   the owner's, through migrations.
 *
 * When both URLs name the same user (a single-role deployment) nothing is changed.
 */
export async function ensureAppRole(owner: DataSource, appUrl: string): Promise<AppRoleOutcome> {
  const url = new URL(appUrl);
  const role = decodeURIComponent(url.username);
  const password = url.password === '' ? null : decodeURIComponent(url.password);
  const [{ current }] = (await owner.query(`SELECT current_user AS current`)) as Array<{ current: string }>;
  if (!role || role === current) return { role: role || current, separate: false, created: false };

  const ident = await quote(owner, role, 'I');
  // Without a password in the URL (peer/trust authentication) an existing password is kept.
  const secret = password === null ? '' : ` PASSWORD ${await quote(owner, password, 'L')}`;
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
  let created = false;
  if (!(await roleExists(owner, role))) {
    try {
      await owner.query(`CREATE ROLE ${ident} ${attributes}${secret}`);
      created = true;
    } catch (error) {
      // Another process (a parallel test run, a second migrate) created it this instant.
      const code = (error as { code?: string }).code;
      if (code !== '42710' && code !== '23505') throw error;
    }
  }
  if (!created) await owner.query(`ALTER ROLE ${ident} ${attributes}${secret}`);

  const schema = 'public';
  // PostgreSQL 15+ no longer lets PUBLIC create in `public`; older servers still do.
  const [open] = (await owner.query(
    `SELECT has_schema_privilege('public', '${schema}', 'CREATE') AS open`,
  )) as Array<{ open: boolean }>;
  if (open?.open) await owner.query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`);
  await owner.query(`REVOKE ALL ON SCHEMA ${schema} FROM ${ident}`);
  await owner.query(`GRANT USAGE ON SCHEMA ${schema} TO ${ident}`);
  await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${ident}`);
  await owner.query(`GRANT ${TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA ${schema} TO ${ident}`);
  await owner.query(`GRANT ${SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA ${schema} TO ${ident}`);
  await owner.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${TABLE_PRIVILEGES} ON TABLES TO ${ident}`,
  );
  await owner.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${SEQUENCE_PRIVILEGES} ON SEQUENCES TO ${ident}`,
  );
  const migrations = (await owner.query(`SELECT to_regclass('public.typeorm_migrations') AS t`)) as Array<{
    t: string | null;
  }>;
  if (migrations[0]?.t) {
    await owner.query(`REVOKE INSERT, UPDATE, DELETE ON typeorm_migrations FROM ${ident}`);
  }
  return { role, separate: true, created };
}

async function roleExists(owner: DataSource, role: string): Promise<boolean> {
  const rows = (await owner.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role])) as unknown[];
  return rows.length > 0;
}

/** Quotes an identifier (%I) or literal (%L) the way PostgreSQL itself does. */
async function quote(owner: DataSource, value: string, kind: 'I' | 'L'): Promise<string> {
  const [row] = (await owner.query(`SELECT format('%${kind}', $1::text) AS quoted`, [value])) as Array<{
    quoted: string;
  }>;
  return row.quoted;
}
