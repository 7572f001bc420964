import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CacheModule } from '@runvs/cache';
import { ConfigModule } from '@runvs/config';
import { CoursesModule } from '@runvs/courses';
import { DatabaseModule } from '@runvs/database';
import { EventsModule } from '@runvs/events';
import { IdentityModule } from '@runvs/identity';
import { LiveModule } from '@runvs/live';
import { MetricsService } from '@runvs/observability';
import { QueueModule } from '@runvs/queue';
import { RedisModule } from '@runvs/redis';
import { RunsModule } from '@runvs/runs';
import { SocialModule } from '@runvs/social';
import { StorageModule } from '@runvs/storage';
import { DataSource } from 'typeorm';
import { argument } from './cli-arguments';
import { DEFAULT_DEMO_OPTIONS, type DemoSeedOptions, DemoSeeder, demoRunsPending } from './demo/demo-seeder';

const USAGE = `usage: npm run seed:demo -- [--runners N] [--runs N] [--days N] [--interval S] [--seed N]
                         [--concurrency N] [--wait-seconds N]
  Fills the database with a demo Seoul: runners (accounts @demo.runvs.app), courses along real
  routes, follows, events, reviews and runs sent through the real pipeline (the worker must run:
  npm start runs it). Does nothing when demo accounts exist already.
  Defaults: --runners ${DEFAULT_DEMO_OPTIONS.runners} --runs ${DEFAULT_DEMO_OPTIONS.runs} --days ${DEFAULT_DEMO_OPTIONS.days} --interval ${DEFAULT_DEMO_OPTIONS.intervalS} --seed ${DEFAULT_DEMO_OPTIONS.seed} --wait-seconds 600
  The same from the environment: DEMO_RUNNERS, DEMO_RUNS, DEMO_DAYS.`;

/** The domains record metrics; the seed has no metrics port, so they stay in this process. */
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
class SeedMetricsModule {}

/** The domain modules the seeder drives, as the api wires them (no HTTP, no ports). */
@Module({
  imports: [
    SeedMetricsModule,
    ConfigModule.forRoot(),
    DatabaseModule,
    RedisModule,
    StorageModule,
    CacheModule,
    LiveModule,
    QueueModule.forRoot('api'),
    IdentityModule,
    RunsModule,
    CoursesModule,
    SocialModule,
    EventsModule,
  ],
})
class SeedDemoModule {}

function count(args: string[], name: string, env: string | undefined, fallback: number, min = 1): number {
  const text = argument(args, name, USAGE) ?? env;
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}: a whole number ≥ ${min}\n${USAGE}`);
  return value;
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const options: DemoSeedOptions = {
    runners: count(args, '--runners', process.env.DEMO_RUNNERS, DEFAULT_DEMO_OPTIONS.runners, 2),
    runs: count(args, '--runs', process.env.DEMO_RUNS, DEFAULT_DEMO_OPTIONS.runs),
    days: count(args, '--days', process.env.DEMO_DAYS, DEFAULT_DEMO_OPTIONS.days, 2),
    intervalS: count(args, '--interval', undefined, DEFAULT_DEMO_OPTIONS.intervalS),
    seed: count(args, '--seed', undefined, DEFAULT_DEMO_OPTIONS.seed, 0),
    concurrency: count(args, '--concurrency', undefined, DEFAULT_DEMO_OPTIONS.concurrency),
    log: (line) => console.log(`[seed:demo] ${line}`),
  };
  const waitSeconds = count(args, '--wait-seconds', undefined, 600, 0);
  const started = Date.now();
  const app = await NestFactory.createApplicationContext(SeedDemoModule, { logger: ['error', 'warn'] });
  try {
    const result = await new DemoSeeder(app, options).seed();
    const seconds = () => Math.round((Date.now() - started) / 1000);
    if (!result.skipped)
      console.log(`[seed:demo] created in ${seconds()} s; waiting for the worker's pipeline`);
    const dataSource = app.get(DataSource);
    const deadline = Date.now() + waitSeconds * 1000;
    let state = await demoRunsPending(dataSource);
    let lastLog = 0;
    while (state.pending > 0 && Date.now() < deadline) {
      if (Date.now() - lastLog > 10_000) {
        console.log(`[seed:demo] pipeline: ${state.pending} runs to go`);
        lastLog = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      state = await demoRunsPending(dataSource);
    }
    const { skipped, ...counts } = result;
    console.log(
      `[seed:demo] ${skipped ? 'already seeded' : 'done'} in ${seconds()} s: ${Object.entries(counts)
        .map(([name, value]) => `${value} ${name}`)
        .join(', ')}; pipeline pending ${state.pending}, failed ${state.failed}`,
    );
    if (state.pending > 0) {
      console.log('[seed:demo] runs are still waiting for the worker: is it running? (npm start runs it)');
      process.exitCode = 2;
    }
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
