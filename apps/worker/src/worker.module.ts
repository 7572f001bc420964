import { asyncStdout } from '@runvs/common';
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { CacheModule } from '@runvs/cache';
import { APP_CONFIG, type AppConfig, ConfigModule } from '@runvs/config';
import { CourseThumbnailsModule } from '@runvs/courses';
import { DatabaseModule } from '@runvs/database';
import { EventsModule } from '@runvs/events';
import { ImportsModule, PendingImportsRepository } from '@runvs/imports';
import { LiveModule } from '@runvs/live';
import { logSerializers, ObservabilityModule } from '@runvs/observability';
import { PrivacyModule } from '@runvs/privacy';
import { ExportsModule } from '@runvs/exports';
import { PushModule } from '@runvs/notifications';
import {
  PENDING_WORK_SOURCES,
  PendingWorkSweeper,
  QueueModule,
  QueueName,
  type QueueProcessor,
} from '@runvs/queue';
import { RedisModule } from '@runvs/redis';
import { PendingNoticesRepository, PendingPipelinesRepository, RunsModule } from '@runvs/runs';
import { StorageModule } from '@runvs/storage';
import { StravaModule } from '@runvs/strava';
import { LoggerModule } from 'nestjs-pino';
import { MaintenanceSchedule } from './maintenance/maintenance.schedule';
import { LegacyOriginalsBootstrap } from './maintenance/legacy-originals.bootstrap';
import { MaintenanceService } from './maintenance/maintenance.service';
import { ActivityImportProcessor } from './processors/activity-import.processor';
import { CourseCreatedProcessor } from './processors/course-created.processor';
import { CourseRejudgeProcessor } from './processors/course-rejudge.processor';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { PrivacyRerenderProcessor } from './processors/privacy-rerender.processor';
import { DataExportProcessor } from './processors/data-export.processor';
import { RankingRecalcProcessor } from './processors/ranking-recalc.processor';
import { RunCompletionProcessor } from './processors/run-completion.processor';
import { RunNoticesProcessor } from './processors/run-notices.processor';
import { StravaSyncProcessor } from './processors/strava-sync.processor';

/**
 * The processor of each queue in the queue table (libs/queue): a queue added there without a
 * processor here does not compile, and QueueModule('worker') refuses to boot on any mismatch.
 */
const PROCESSOR_OF: { [Q in QueueName]: Type<QueueProcessor<Q>> } = {
  [QueueName.RunCompletion]: RunCompletionProcessor,
  [QueueName.RunNotices]: RunNoticesProcessor,
  [QueueName.CourseCreated]: CourseCreatedProcessor,
  [QueueName.ActivityImport]: ActivityImportProcessor,
  [QueueName.StravaSync]: StravaSyncProcessor,
  [QueueName.Notifications]: NotificationsProcessor,
  [QueueName.RankingRecalc]: RankingRecalcProcessor,
  [QueueName.CourseRejudge]: CourseRejudgeProcessor,
  [QueueName.Maintenance]: MaintenanceProcessor,
  [QueueName.PrivacyRerender]: PrivacyRerenderProcessor,
  [QueueName.DataExport]: DataExportProcessor,
};
export const PROCESSORS: Array<Type<unknown>> = Object.values(PROCESSOR_OF);

@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => ({
            pinoHttp: [
              {
                level: appConfig.app.logLevel,
                base: { app: 'runvs-worker', env: appConfig.app.env },
                serializers: logSerializers,
              },
              asyncStdout(),
            ],
          }),
        }),
        DatabaseModule,
        RedisModule,
        // The pipeline invalidates what the api caches (leaderboards, course stats, heatmap tiles).
        CacheModule,
        // Live events (socket pushes) are published from the worker after its commits.
        LiveModule,
        QueueModule.forRoot('worker'),
        // Its own port (WORKER_HTTP_PORT): readiness = connected, processors consuming, heartbeat recent.
        ObservabilityModule.forRoot('worker'),
        RunsModule,
        PushModule,
        StorageModule,
        CourseThumbnailsModule,
        EventsModule,
        StorageModule,
        ImportsModule,
        StravaModule,
        PrivacyModule,
        ExportsModule,
      ],
      providers: [
        MaintenanceService,
        LegacyOriginalsBootstrap,
        MaintenanceSchedule,
        // No run left behind: what Postgres says is unfinished is enqueued again when Redis lost it.
        {
          provide: PENDING_WORK_SOURCES,
          inject: [PendingPipelinesRepository, PendingNoticesRepository, PendingImportsRepository],
          useFactory: (...sources: unknown[]) => sources,
        },
        PendingWorkSweeper,
        ...PROCESSORS,
      ],
    };
  }
}
