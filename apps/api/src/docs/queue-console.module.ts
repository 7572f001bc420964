import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { ALL_QUEUES } from '@runvs/queue';
import { adminConsoleAuth } from './admin-console-auth';
import { ConsoleLoginLimiter, ConsoleLoginModule } from './console-login-limiter';

/** Where the queue dashboard is served (outside /api/v1, like the Swagger UI). */
export const QUEUE_CONSOLE_PATH = 'queues';

/**
 * The BullMQ dashboard (bull-board) for every queue, behind the same admin console credentials
 * as the Swagger UI: admins see waiting, delayed, active, failed jobs and can retry them.
 */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [ConsoleLoginModule],
      inject: [APP_CONFIG, ConsoleLoginLimiter],
      useFactory: (config: AppConfig, limiter: ConsoleLoginLimiter) => ({
        route: `/${QUEUE_CONSOLE_PATH}`,
        adapter: ExpressAdapter,
        middleware: adminConsoleAuth(config, limiter),
        boardOptions: { uiConfig: { boardTitle: 'RUNVS queues' } },
      }),
    }),
    BullBoardModule.forFeature(...ALL_QUEUES.map((name) => ({ name, adapter: BullMQAdapter }))),
  ],
})
export class QueueConsoleModule {}
