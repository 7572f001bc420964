/**
 * The completion load generator, in its own process (forked by `runCompletions`), so the figures
 * are the system's and not a client sharing its CPU budget:
 *  - open loop: `complete` number i is sent at t0 + i / rate whatever the answers, and every
 *    latency counts from that *scheduled* time;
 *  - "rank visible" has one definition: the rank in `complete`'s answer, or failing that the run
 *    on its course board — detected without a polling storm, by ONE batched query every
 *    VISIBLE_POLL_MS over all runs still waiting (the board's source: the run's pipeline is done);
 *  - it returns once every run's rank is visible (the pipeline drained) or the drain time-out passed.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

export interface CompletionRun {
  sessionId: string;
  token: string;
  finishedAt: string;
}

export interface CompletionPlan {
  baseUrl: string;
  databaseUrl: string;
  rate: number;
  runs: CompletionRun[];
  drainTimeoutMs: number;
}

export interface CompletionResult {
  sent: number;
  answered: number;
  failed: number;
  errorSamples: string[];
  /** runs whose rank `complete` answered with */
  rankInAnswer: number;
  /** complete → rank visible, from the scheduled send (ms), one per run that became visible */
  visibleMs: number[];
  /** complete's own answer time from the scheduled send (ms) */
  answerMs: number[];
  /** runs never visible before the time-out */
  neverVisible: number;
  /** from the last scheduled send until the last run became visible (ms): the backlog drain */
  drainMs: number;
  /** batched visibility queries made */
  polls: number;
  /** the slowest complete → rank visible per 10 s of scheduled sends (ms): where a tail sits */
  slowestPerWindow: number[];
}

const WINDOW_MS = 10_000;

const VISIBLE_POLL_MS = 50;

export async function runCompletions(plan: CompletionPlan): Promise<CompletionResult> {
  const child: ChildProcess = fork(__filename, ['--completion-client'], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    return await new Promise<CompletionResult>((resolve, reject) => {
      child.once('message', (message) => {
        const reply = message as { result?: CompletionResult; error?: string };
        if (reply.error) reject(new Error(`completion client: ${reply.error}`));
        else resolve(reply.result!);
      });
      child.once('exit', (code) => reject(new Error(`completion client exited with ${code}`)));
      child.send(plan);
    });
  } finally {
    child.kill();
  }
}

async function generate(plan: CompletionPlan): Promise<CompletionResult> {
  const db = new Client({ connectionString: plan.databaseUrl });
  await db.connect();
  const result: CompletionResult = {
    sent: 0,
    answered: 0,
    failed: 0,
    errorSamples: [],
    rankInAnswer: 0,
    visibleMs: [],
    answerMs: [],
    neverVisible: 0,
    drainMs: 0,
    polls: 0,
    slowestPerWindow: [],
  };
  const visibleAt = (due: number, ms: number) => {
    result.visibleMs.push(ms);
    const window = Math.max(0, Math.floor((due - t0) / WINDOW_MS));
    result.slowestPerWindow[window] = Math.max(result.slowestPerWindow[window] ?? 0, ms);
  };
  /** run record id → its scheduled send time, for runs answered without a rank */
  const waiting = new Map<string, number>();
  let lastVisible = 0;
  const t0 = performance.now() + 100;
  const interval = 1000 / plan.rate;
  const lastScheduled = t0 + (plan.runs.length - 1) * interval;

  const completeOne = async (run: CompletionRun, due: number) => {
    try {
      const response = await fetch(`${plan.baseUrl}/runs/sessions/${run.sessionId}/complete`, {
        method: 'POST',
        headers: { authorization: `Bearer ${run.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          distance_meters: 1000,
          duration_seconds: 599,
          finished_at: run.finishedAt,
          total_chunks: 2,
        }),
      });
      const text = await response.text();
      const answeredAt = performance.now();
      if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 200)}`);
      result.answered++;
      result.answerMs.push(answeredAt - due);
      const body = JSON.parse(text) as { run_record_id: string; ranking?: { rank?: number } | null };
      if (body.ranking?.rank != null) {
        result.rankInAnswer++;
        visibleAt(due, answeredAt - due);
        lastVisible = Math.max(lastVisible, answeredAt);
      } else {
        waiting.set(body.run_record_id, due);
      }
    } catch (error) {
      result.failed++;
      if (result.errorSamples.length < 3) result.errorSamples.push((error as Error).message);
    }
  };

  let polling = true;
  const poller = (async () => {
    while (polling || waiting.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, VISIBLE_POLL_MS));
      if (waiting.size === 0) continue;
      const ids = [...waiting.keys()];
      result.polls++;
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM run_records WHERE id = ANY($1::uuid[]) AND pipeline_completed_at IS NOT NULL`,
        [ids],
      );
      const now = performance.now();
      for (const { id } of rows) {
        visibleAt(waiting.get(id)!, now - waiting.get(id)!);
        waiting.delete(id);
        lastVisible = now;
      }
      if (now > lastScheduled + plan.drainTimeoutMs) break;
    }
  })();

  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < plan.runs.length; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    result.sent++;
    inFlight.push(completeOne(plan.runs[i], due));
  }
  await Promise.all(inFlight);
  polling = false;
  await poller;
  result.neverVisible = waiting.size;
  result.drainMs = Math.max(0, lastVisible - lastScheduled);
  await db.end();
  return result;
}

if (process.argv.includes('--completion-client')) {
  process.once('message', (plan) => {
    generate(plan as CompletionPlan).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: Error) => process.send!({ error: error.stack ?? error.message }, () => process.exit(1)),
    );
  });
}
