import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CacheModule } from '@runvs/cache';
import { type AppConfig, ConfigModule, loadConfig } from '@runvs/config';
import { DatabaseModule } from '@runvs/database';
import { QueueModule } from '@runvs/queue';
import { RedisModule } from '@runvs/redis';
import { AggregatesReconciliationService, RunsModule } from '@runvs/runs';

@Module({})
class ReconcileModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ReconcileModule,
      // Producer side of the queues only: notifications of newly completed events go out by the outbox.
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        CacheModule,
        QueueModule.forRoot('api'),
        RunsModule,
      ],
    };
  }
}

/**
 * `npm run reconcile`: recounts every aggregate the run pipeline keeps as an increment (runner
 * totals, boards, course stats, event progress) from run_records and prints how many rows drifted.
 */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(ReconcileModule.forRoot(loadConfig()), {
    logger: ['error', 'warn'],
  });
  try {
    const report = await app.get(AggregatesReconciliationService).reconcile();
    console.log(
      `reconciled ${report.runners} runner(s), ${report.courses} course(s), ${report.events} event(s); ${report.drifted} row(s) had drifted`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
