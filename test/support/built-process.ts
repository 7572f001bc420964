import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, freeTcpPort } from './apps';
import { PROJECT_ROOT } from './test-env';

/** A built entry point (`npm run build`) running as a real process on this test file's stores. */
export interface BuiltProcess {
  child: ChildProcess;
  /** stdout and stderr so far */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL if still running (afterAll safety net). */
  kill(): void;
}

/**
 * Starts `dist/<entry>` (e.g. `apps/worker/src/main.js`) with APP_ENV=test, this file's database
 * and Redis prefix, and `env` on top. Only PATH is inherited from the test's environment.
 */
export function startBuiltProcess(entry: string, env: Record<string, string> = {}): BuiltProcess {
  const path = join(PROJECT_ROOT, 'dist', entry);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  const isolation = globalThis.__runvsTestIsolation!;
  const child = spawn(process.execPath, [path], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      APP_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: isolation.databaseUrl,
      MIGRATION_DATABASE_URL: isolation.ownerDatabaseUrl,
      LOCAL_STORAGE_DIR: `/tmp/${isolation.redisKeyPrefix}/uploads`,
      LOCAL_PRIVATE_STORAGE_DIR: `/tmp/${isolation.redisKeyPrefix}/private`,
      REDIS_URL: isolation.redisUrl,
      REDIS_KEY_PREFIX: isolation.redisKeyPrefix,
      API_HOST: '127.0.0.1',
      API_METRICS_PORT: '0',
      WORKER_HTTP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    output: () => output,
    stop: () => {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** How long a built process may take to boot: a loaded CI box (load average 20) needs over 30 s. */
const BOOT_TIMEOUT_MS = 120_000;

/**
 * Starts `dist/<entry>` on a free port of its own (`API_PORT` for the api, `WORKER_HTTP_PORT` for
 * the worker) and resolves once its `/health/ready` answers 200, so a test never races the boot.
 */
export async function startReadyProcess(
  entry: string,
  portVariable: 'API_PORT' | 'WORKER_HTTP_PORT',
  env: Record<string, string> = {},
): Promise<{ process: BuiltProcess; base: string }> {
  const port = await freeTcpPort();
  const started = startBuiltProcess(entry, { ...env, [portVariable]: String(port) });
  const base = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status === 200,
      {
        timeoutMs: BOOT_TIMEOUT_MS,
        pollMs: 200,
      },
    );
  } catch (error) {
    started.kill();
    throw new Error(
      `${entry} was not ready within ${BOOT_TIMEOUT_MS} ms: ${String(error)}\n${started.output()}`,
    );
  }
  return { process: started, base };
}
