/**
 * Shared pieces of the HTTP benchmarks: which checkouts to measure (this one, and a baseline
 * worktree given by BENCH_BASELINE_DIR), phase lengths (BENCH_SHORT=1 for a quick look), set-up
 * calls against a running api, one measured phase with the api's own CPU, and the printed lines.
 */
import { repoRoot } from '../repo-root';
import { type LoadPlan, type LoadResult, runLoad } from './load-generator';
import { processCpuSeconds, type RunningProcess, SystemUnderTest } from './system';

export const SHORT = process.env.BENCH_SHORT === '1';
export const PHASE = SHORT ? { warmupMs: 1_000, durationMs: 4_000 } : { warmupMs: 3_000, durationMs: 20_000 };

/**
 * This checkout, and the baseline when BENCH_BASELINE_DIR names a built older checkout: first, or
 * last with BENCH_BASELINE_LAST=1 — the system measured first tends to come out slower, so a
 * before/after is run in both orders.
 */
export function systemsUnderTest(): SystemUnderTest[] {
  const systems = [new SystemUnderTest('current', repoRoot())];
  const baseline = process.env.BENCH_BASELINE_DIR;
  if (!baseline) return systems;
  const before = new SystemUnderTest('baseline', baseline);
  return process.env.BENCH_BASELINE_LAST === '1' ? [...systems, before] : [before, ...systems];
}

export interface ApiClient {
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
  ): Promise<T>;
}

export function apiClient(port: number): ApiClient {
  const base = `http://127.0.0.1:${port}/api/v1`;
  return {
    async call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : {}) as T;
    },
  };
}

/** Users signed in through the api's own dev login, so tokens are whatever that checkout issues. */
export async function signInUsers(
  api: ApiClient,
  count: number,
  tag: string,
): Promise<Array<{ id: string; token: string }>> {
  return pool(
    Array.from({ length: count }, (_, i) => i),
    8,
    async (i) => {
      const auth = await api.call<{ access_token: string; user: { id: string } }>(
        'POST',
        '/auth/dev-login',
        null,
        {
          email: `bench-${tag}-${i}@runvs.test`,
          nickname: `b${tag.slice(0, 4)}${i}`.slice(0, 12),
        },
      );
      return { id: auth.user.id, token: auth.access_token };
    },
  );
}

export async function pool<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

export interface Measured extends LoadResult {
  /** CPU the server process used per answered request (ms) */
  serverCpuMsPerRequest: number;
}

/** One load phase against `server`, with the server process's CPU over the phase. */
export async function measure(
  server: RunningProcess,
  plan: Omit<LoadPlan, 'host' | 'port' | 'warmupMs' | 'durationMs'> & Partial<LoadPlan>,
): Promise<Measured> {
  const cpuBefore = processCpuSeconds(server.pid);
  const result = await runLoad({ host: '127.0.0.1', port: server.port, ...PHASE, ...plan });
  const cpu = processCpuSeconds(server.pid) - cpuBefore;
  return { ...result, serverCpuMsPerRequest: (cpu * 1000) / Math.max(1, result.answeredTotal) };
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';

/** `201×1234` etc., and the first unexpected answers when there were any. */
export function statusLine(result: LoadResult, expected: number): string {
  const parts = Object.entries(result.statuses).map(([status, n]) => `${status}×${n}`);
  const bad = Object.entries(result.statuses).some(([status]) => Number(status) !== expected);
  let line = parts.join(' ');
  if (result.unanswered > 0) line += ` unanswered×${result.unanswered}`;
  if (bad && result.errorSamples.length > 0)
    line += `\n      e.g. ${result.errorSamples.join('\n      e.g. ')}`;
  return line;
}

export function latencyLine(result: LoadResult): string {
  return `p50 ${fmt(result.p50, 1)} ms, p90 ${fmt(result.p90, 1)} ms, p99 ${fmt(result.p99, 1)} ms, max ${fmt(result.max, 0)} ms`;
}

export function rateLine(result: Measured, unit = 'req/s'): string {
  return `${fmt(result.throughput)} ${unit} (${result.connections} conns; server CPU ${fmt(result.serverCpuMsPerRequest, 2)} ms/req; client CPU ${fmt(result.clientCpuShare * 100)} % of a core)`;
}

export { fmt };
