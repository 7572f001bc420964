import { asyncStdout } from '@runvs/common';
import { type DynamicModule, Module } from '@nestjs/common';
import { CacheModule } from '@runvs/cache';
import { APP_CONFIG, type AppConfig, ConfigModule } from '@runvs/config';
import { DatabaseModule } from '@runvs/database';
import { HeatmapModule } from '@runvs/heatmap';
import { LiveModule } from '@runvs/live';
import { logSerializers, ObservabilityModule } from '@runvs/observability';
import { QueueModule } from '@runvs/queue';
import { RedisModule } from '@runvs/redis';
import { StorageModule } from '@runvs/storage';
import { WeatherModule } from '@runvs/weather';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AuthModule } from './auth/auth.module';
import { BodyParsingModule } from './common/body-parsing';
import { CoursesApiModule } from './courses/courses.module';
import { QueueConsoleModule } from './docs/queue-console.module';
import { EventsApiModule } from './events/events.module';
import { AdminApiModule } from './admin/admin.module';
import { ModerationApiModule } from './moderation/moderation.module';
import { HealthController } from './health/health.controller';
import { HeatmapController } from './heatmap/heatmap.controller';
import { ImportsApiModule } from './imports/imports-api.module';
import { AchievementsApiModule } from './achievements/achievements-api.module';
import { ExportsApiModule } from './exports/exports-api.module';
import { LeaderboardApiModule } from './leaderboard/leaderboard-api.module';
import { LiveApiModule } from './live/live-api.module';
import { PrivacyApiModule } from './privacy/privacy-api.module';
import { StravaApiModule } from './strava/strava-api.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RunsApiModule } from './runs/runs.module';
import { SocialApiModule } from './social/social-api.module';
import { UploadsModule } from './uploads/uploads.module';
import { UsersModule } from './users/users.module';
import { WeatherController } from './weather/weather.controller';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => ({
            pinoHttp: [
              {
                level: appConfig.app.logLevel,
                base: { app: 'runvs-api', env: appConfig.app.env },
                // Reuse a caller's request id when it is sane, so one id follows a request across services.
                genReqId: (req, res) => {
                  const given = req.headers['x-request-id'];
                  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
                  res.setHeader('X-Request-Id', id);
                  return id;
                },
                redact: ['req.headers.authorization', 'req.headers.cookie'],
                // No credentials from query strings (Strava's hub.verify_token, OAuth codes, tokens)
                // and no SQL parameters of failed queries in the logs.
                serializers: logSerializers,
                autoLogging: {
                  ignore: (req) => /\/health(\/live|\/ready)?$/.test((req as Request).url ?? ''),
                },
                customLogLevel: (_req, res, error) =>
                  error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              },
              asyncStdout(),
            ],
          }),
        }),
        DatabaseModule,
        RedisModule,
        StorageModule,
        CacheModule,
        LiveModule,
        QueueModule.forRoot('api'),
        ObservabilityModule.forRoot('api'),
        RateLimitModule,
        AuthModule,
        UsersModule,
        UploadsModule,
        ImportsApiModule,
        StravaApiModule,
        WeatherModule,
        HeatmapModule,
        RunsApiModule,
        NotificationsApiModule,
        SocialApiModule,
        CoursesApiModule,
        QueueConsoleModule,
        EventsApiModule,
        AdminApiModule,
        ModerationApiModule,
        LiveApiModule,
        PrivacyApiModule,
        LeaderboardApiModule,
        AchievementsApiModule,
        ExportsApiModule,
        // last: its global guard reads bodies after the rate limiter's and the auth guard
        BodyParsingModule,
      ],
      controllers: [HealthController, WeatherController, HeatmapController],
    };
  }
}
