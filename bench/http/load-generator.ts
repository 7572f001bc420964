/**
 * An HTTP load generator that runs in its own process (forked by `runLoad`), so the figures are
 * the server's and not a client sharing its event loop.
 *  - closed loop: `connections` keep-alive connections, each sending its next request as soon as
 *    the previous answer arrived — the sustainable throughput at that concurrency;
 *  - open loop: requests are scheduled at `rate` per second whatever the answers; a request waits
 *    for a free connection (at most `connections`) and its latency counts from its *scheduled* send
 *    time, so a stalled server shows as latency instead of hiding as a lower send rate.
 * Only requests scheduled (open) or answered (closed) after the warm-up count.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { RawConnection, type RawResponse } from './raw-connection';
import { type RequestSource, requestSource, type Scenario } from './scenarios';

export interface LoadPlan {
  host: string;
  port: number;
  mode: 'closed' | 'open';
  connections: number;
  /** open loop only: requests per second */
  rate?: number;
  durationMs: number;
  warmupMs: number;
  scenario: Scenario;
}

export interface LoadResult {
  mode: 'closed' | 'open';
  connections: number;
  offeredRate: number | null;
  /** answers per second over the measured window */
  throughput: number;
  measured: number;
  /** every answer, warm-up included (for the server's CPU per request) */
  answeredTotal: number;
  /** every 2xx answer, warm-up included */
  okTotal: number;
  statuses: Record<string, number>;
  networkErrors: number;
  /** open loop: requests still unanswered 10 s after the end */
  unanswered: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** a few bodies of unexpected answers, for the report */
  errorSamples: string[];
  /** CPU the generator itself used, as a share of one core over the run */
  clientCpuShare: number;
}

const GRACE_MS = 10_000;

/** Runs one load phase in a child process and returns its figures. */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const child: ChildProcess = fork(__filename, ['--load-generator'], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      child.once('message', (message) => {
        const reply = message as { result?: LoadResult; error?: string };
        if (reply.error) reject(new Error(`load generator: ${reply.error}`));
        else resolve(reply.result!);
      });
      child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
      child.send(plan);
    });
  } finally {
    child.kill();
  }
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

class Recorder {
  private latencies = new Float64Array(1 << 16);
  count = 0;
  statuses: Record<string, number> = {};
  networkErrors = 0;
  errorSamples: string[] = [];

  add(latencyMs: number, response: RawResponse | null, expectError: boolean): void {
    if (this.count === this.latencies.length) {
      const bigger = new Float64Array(this.latencies.length * 2);
      bigger.set(this.latencies);
      this.latencies = bigger;
    }
    this.latencies[this.count++] = latencyMs;
    const key = response ? String(response.status) : 'network';
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
    if (!response) this.networkErrors++;
    if (expectError && response?.body !== undefined && this.errorSamples.length < 3) {
      this.errorSamples.push(`${response.status} ${response.body.slice(0, 300)}`);
    }
  }

  sorted(): Float64Array {
    return this.latencies.slice(0, this.count).sort();
  }
}

async function generate(plan: LoadPlan): Promise<LoadResult> {
  const source: RequestSource = requestSource(plan.scenario);
  const connections = await Promise.all(
    Array.from({ length: plan.connections }, async () => {
      const connection = new RawConnection(plan.host, plan.port);
      await connection.open();
      return connection;
    }),
  );
  const recorder = new Recorder();
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  const measureFrom = t0 + plan.warmupMs;
  const end = measureFrom + plan.durationMs;
  let errorSampled = 0;
  let answeredTotal = 0;
  let okTotal = 0;

  /** Sends request number `index`; `since` is when its latency starts counting. */
  const exchange = async (connection: RawConnection, index: number, since: number, measured: boolean) => {
    const request = source.request(index);
    // Bodies are read only for the first few requests and for samples of failures.
    const keepBody = errorSampled < 50;
    let response: RawResponse | null = null;
    try {
      response = await connection.send(request.head, request.body, keepBody);
    } catch {
      response = null;
    }
    const done = performance.now();
    if (response) answeredTotal++;
    if (response && response.status < 300) okTotal++;
    const unexpected = response === null || response.status >= 400;
    if (keepBody) errorSampled++;
    if (measured) recorder.add(done - since, response, unexpected);
    return done;
  };

  let unanswered = 0;
  let offeredRate: number | null = null;
  let windowEnd = end;
  if (plan.mode === 'closed') {
    let next = 0;
    await Promise.all(
      connections.map(async (connection) => {
        while (performance.now() < end) {
          const sentAt = performance.now();
          const done = await exchange(connection, next++, sentAt, sentAt >= measureFrom);
          // Closed loop: an answer counts for the window only if it also arrived within it.
          if (done > end && sentAt >= measureFrom) windowEnd = Math.max(windowEnd, done);
        }
      }),
    );
  } else {
    const rate = plan.rate ?? 100;
    offeredRate = rate;
    const interval = 1000 / rate;
    const idle = [...connections];
    const backlog: Array<{ index: number; due: number }> = [];
    let scheduled = 0;
    let outstanding = 0;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let schedulingDone = false;
    const pump = () => {
      while (idle.length > 0 && backlog.length > 0) {
        const connection = idle.pop()!;
        const { index, due } = backlog.shift()!;
        outstanding++;
        void exchange(connection, index, due, due >= measureFrom).then(() => {
          outstanding--;
          idle.push(connection);
          pump();
          if (schedulingDone && outstanding === 0 && backlog.length === 0) finish();
        });
      }
    };
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        for (;;) {
          const due = t0 + scheduled * interval;
          if (due > now || due >= end) break;
          backlog.push({ index: scheduled, due });
          scheduled++;
        }
        pump();
        if (t0 + scheduled * interval >= end) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
    schedulingDone = true;
    if (outstanding > 0 || backlog.length > 0) {
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, GRACE_MS))]);
    }
    unanswered = outstanding + backlog.length;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedMs = performance.now() - t0;
  for (const connection of connections) connection.close();
  const sorted = recorder.sorted();
  const windowSeconds = (windowEnd - measureFrom) / 1000;
  return {
    mode: plan.mode,
    connections: plan.connections,
    offeredRate,
    throughput: recorder.count / windowSeconds,
    measured: recorder.count,
    answeredTotal,
    okTotal,
    statuses: recorder.statuses,
    networkErrors: recorder.networkErrors,
    unanswered,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    errorSamples: recorder.errorSamples,
    clientCpuShare: (cpu.user + cpu.system) / 1000 / elapsedMs,
  };
}

if (process.argv.includes('--load-generator')) {
  process.once('message', (plan) => {
    generate(plan as LoadPlan).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: Error) => process.send!({ error: error.stack ?? error.message }, () => process.exit(1)),
    );
  });
}
