import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@runvs/config';
import { assertQueueSettings } from '@runvs/queue';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker: a Nest application context with no HTTP server. Used by main.ts and the tests. */
export async function createWorkerApp(config: AppConfig): Promise<INestApplicationContext> {
  assertQueueSettings(config.worker.concurrency);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
