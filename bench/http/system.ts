/**
 * The system under test as production runs it: the built api (`dist/apps/api/src/main.js`, with
 * the Node flags of its checkout's `start:api` script) and, when a benchmark needs the pipeline,
 * the worker, as separate processes on a fresh database migrated by that checkout's own
 * migrations — so the same harness measures this checkout or an older one (BENCH_BASELINE_DIR) —
 * plus the bare servers that give each figure its ceiling.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** Server the benchmarks use (BENCH_DATABASE_URL, else the local one as postgres). */
export function databaseUrl(database: string): string {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function processCpuSeconds(pid: number, { withReapedChildren = false } = {}): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name; cutime and
  // cstime (the children it has waited for) follow them.
  const own = Number(fields[11]) + Number(fields[12]);
  return (withReapedChildren ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
}

export interface RunningProcess {
  name: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
}

/**
 * The Node flags a checkout's own package.json start script gives its process (`node <flags>
 * <script>`), so each checkout, a baseline included, runs as its `npm run start:api` would.
 */
function startScriptNodeFlags(dir: string, script: string): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }
  ).scripts;
  const words = (scripts?.[script] ?? '').split(/\s+/).filter(Boolean);
  return words[0] === 'node' ? words.slice(1).filter((word) => word.startsWith('--')) : [];
}

/** BENCH_API_NODE_OPTIONS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) for the api and worker processes. */
function serverNodeOptions(): string[] {
  const options = (process.env.BENCH_API_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  if (options.some((option) => option.startsWith('--cpu-prof'))) {
    options.unshift('--require', join(__dirname, 'exit-on-sigterm.js'));
  }
  return options;
}

async function waitForHealth(port: number, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} while starting`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not become healthy within 60 s`);
}

/** One checkout of the system (this one or a baseline worktree), built. */
export class SystemUnderTest {
  readonly database: string;
  readonly env: Record<string, string>;
  private started = 0;

  constructor(
    readonly label: string,
    readonly dir: string,
  ) {
    if (!existsSync(join(dir, 'dist/apps/api/src/main.js'))) {
      throw new Error(`${dir} is not built: run npm install && npm run build there first`);
    }
    this.database = `runvs_bench_http_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
    this.env = {
      PATH: process.env.PATH ?? '',
      APP_ENV: 'development',
      DEV_LOGIN_ENABLED: 'true',
      API_HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl(this.database),
      REDIS_URL: BENCH_REDIS_URL,
      REDIS_KEY_PREFIX: `bench-http-${label}-${process.pid}`,
      // Production's level: every request is logged (to /dev/null here, where a shipper would read it).
      LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'info',
      LOCAL_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'runvs-bench-')),
      SWAGGER_ENABLED: 'false',
      // The limiter still runs on every request; the limits are out of the way of one client address.
      RATE_LIMIT_DEFAULT_PER_MINUTE: '1000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
      RATE_LIMIT_UPLOADS_PER_MINUTE: '1000000',
    };
  }

  /** A fresh database migrated by this checkout's own migration script. */
  async prepareDatabase(): Promise<void> {
    await dropDatabase(this.database);
    await admin((client) => client.query(`CREATE DATABASE "${this.database}"`));
    await new Promise<void>((resolve, reject) => {
      const child = fork(join(this.dir, 'dist/scripts/migrate.js'), ['run'], {
        cwd: this.dir,
        env: this.env,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`migrations failed (${code})`)),
      );
    });
  }

  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: databaseUrl(this.database) });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async startApi(extraEnv: Record<string, string> = {}): Promise<RunningProcess> {
    return this.start(
      'api',
      'dist/apps/api/src/main.js',
      extraEnv,
      true,
      startScriptNodeFlags(this.dir, 'start:api'),
    );
  }

  async startWorker(extraEnv: Record<string, string> = {}): Promise<RunningProcess> {
    return this.start(
      'worker',
      'dist/apps/worker/src/main.js',
      extraEnv,
      false,
      startScriptNodeFlags(this.dir, 'start:worker'),
    );
  }

  private async start(
    name: string,
    script: string,
    extraEnv: Record<string, string>,
    http: boolean,
    nodeFlags: string[] = [],
  ): Promise<RunningProcess> {
    const port = http ? await freePort() : 0;
    // BENCH_SERVER_LOG_DIR=<dir>: each server's log (stdout) in <dir>/<label>-<name>-<n>.log
    const logDir = process.env.BENCH_SERVER_LOG_DIR;
    const stdout = logDir
      ? openSync(join(logDir, `${this.label}-${name}-${++this.started}.log`), 'a')
      : 'ignore';
    const child = fork(join(this.dir, script), [], {
      cwd: this.dir,
      env: { ...this.env, API_PORT: String(port), WORKER_HTTP_PORT: '0', API_METRICS_PORT: '0', ...extraEnv },
      execArgv: [...nodeFlags, ...serverNodeOptions()],
      stdio: ['ignore', stdout, 'inherit', 'ipc'],
    });
    const stop = stopper(child);
    try {
      if (http) await waitForHealth(port, child, `${this.label} ${name}`);
    } catch (error) {
      await stop();
      throw error;
    }
    return { name: `${this.label} ${name}`, port, pid: child.pid!, stop };
  }

  async drop(): Promise<void> {
    await dropDatabase(this.database);
  }
}

/** The table the storing floors (see ceiling-server.ts) write to, in the bench database. */
export const STORING_FLOOR_TABLE = 'bench_floor_chunks';

/** A bare server (see ceiling-server.ts) in its own process; the storing ones write to `databaseUrlForStore`. */
export async function startCeilingServer(
  kind: 'express' | 'express-store' | 'nest-store' | 'node' | 'nest' | 'nest-fastify',
  jsonLimitBytes: number,
  databaseUrlForStore = '',
): Promise<RunningProcess> {
  const child = fork(
    join(__dirname, 'ceiling-server.js'),
    [kind, String(jsonLimitBytes), databaseUrlForStore],
    {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`ceiling server exited with ${code}`)));
  });
  return { name: `bare ${kind}`, port, pid: child.pid!, stop: stopper(child) };
}
