/**
 * The worker's ceiling: a plain BullMQ job round trip on the same Redis, with a no-op processor in
 * its own process at the pipeline's concurrency. Offered at the same open-loop rate as the
 * completions (latency from the scheduled add until the `completed` event), then a burst whose
 * drain gives the most jobs per second a bare BullMQ worker turns over here.
 */
import { Queue, QueueEvents, Worker } from 'bullmq';
import { type ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface CeilingResult {
  p50: number;
  p99: number;
  burstJobsPerSecond: number;
}

function connectionOf(redisUrl: string) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
  };
}

const QUEUE = 'bench-ceiling';

export async function bullmqCeiling(
  redisUrl: string,
  prefix: string,
  concurrency: number,
  rate: number,
  jobs: number,
): Promise<CeilingResult> {
  const worker: ChildProcess = fork(__filename, ['--bullmq-worker', redisUrl, prefix, String(concurrency)], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => worker.once('message', resolve));
  const connection = connectionOf(redisUrl);
  const queue = new Queue(QUEUE, { connection, prefix });
  const events = new QueueEvents(QUEUE, { connection, prefix });
  await events.waitUntilReady();
  const due = new Map<string, number>();
  const latencies: number[] = [];
  let completed = 0;
  let expected = 0;
  let onDone: () => void = () => undefined;
  events.on('completed', ({ jobId }) => {
    const at = due.get(jobId);
    if (at !== undefined) latencies.push(performance.now() - at);
    completed++;
    if (completed >= expected) onDone();
  });
  /**
   * After the last add: resolves once `expected` completions were seen, or once the queue holds no
   * job any more (a completed event the listener missed under load must not hang the benchmark).
   */
  const settled = () =>
    new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        void queue.getJobCounts('wait', 'active', 'delayed', 'prioritized').then((counts) => {
          if (Object.values(counts).every((n) => n === 0)) finish();
        });
      }, 1_000);
      const finish = () => {
        clearInterval(timer);
        resolve();
      };
      onDone = finish;
      if (completed >= expected) finish();
    });
  try {
    expected = jobs;
    const t0 = performance.now();
    for (let i = 0; i < jobs; i++) {
      const at = t0 + (i * 1000) / rate;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      due.set(`open-${i}`, at);
      await queue.add(QUEUE, { i }, { jobId: `open-${i}`, removeOnComplete: true });
    }
    await settled();
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

    // The burst: every job added at once, timed until the last one completed.
    due.clear();
    latencies.length = 0;
    const burst = jobs * 2;
    for (let i = 0; i < burst; i++) due.set(`burst-${i}`, 0);
    completed = 0;
    expected = burst;
    const started = performance.now();
    await queue.addBulk(
      Array.from({ length: burst }, (_, i) => ({
        name: QUEUE,
        data: { i },
        opts: { jobId: `burst-${i}`, removeOnComplete: true },
      })),
    );
    await settled();
    const seconds = (performance.now() - started) / 1000;
    return { p50: at(0.5), p99: at(0.99), burstJobsPerSecond: burst / seconds };
  } finally {
    await events.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    worker.kill();
  }
}

if (process.argv.includes('--bullmq-worker')) {
  const [, , , redisUrl, prefix, concurrency] = process.argv;
  const worker = new Worker(QUEUE, async () => undefined, {
    connection: connectionOf(redisUrl),
    prefix,
    concurrency: Number(concurrency),
  });
  void worker.waitUntilReady().then(() => process.send!('ready'));
}
