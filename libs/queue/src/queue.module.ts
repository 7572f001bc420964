import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import type { QueueOptions, RedisOptions as BullRedisOptions } from 'bullmq';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { JobFailuresRepository } from './failures/job-failures.repository';
import { JobFailuresService } from './failures/job-failures.service';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxService } from './outbox.service';
import { ProcessorCoverageCheck } from './processor-coverage.check';
import { ALL_QUEUES } from './queue-definitions';
import { QueueRegistry } from './queue-registry';
import { QueueWorkers } from './queue-workers';
import { bullPrefix, redisOptionsFromUrl } from './redis-connection';

export type QueueRole = 'api' | 'worker';

@Module({})
export class QueueModule {
  /**
   * The api produces (fail-fast Redis connection, outbox publish after commit); the worker
   * consumes (blocking connections), relays the outbox and refuses to boot with an unserved queue.
   */
  static forRoot(role: QueueRole): DynamicModule {
    const workerProviders = role === 'worker' ? [OutboxRelay, ProcessorCoverageCheck, QueueWorkers] : [];
    return {
      module: QueueModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): QueueOptions => ({
            connection: redisOptionsFromUrl(
              config.redis.url,
              role === 'api' ? 'producer' : 'worker',
            ) as BullRedisOptions,
            prefix: bullPrefix(config.redis.keyPrefix),
          }),
        }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [
        QueueRegistry.provider,
        OutboxService,
        JobFailuresRepository,
        JobFailuresService,
        ...workerProviders,
      ],
      exports: [BullModule, QueueRegistry, OutboxService, JobFailuresService, ...workerProviders],
    };
  }
}
