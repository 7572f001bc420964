import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { REDIS_CLIENT } from '@runvs/redis';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';

export type DependencyState = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'degraded';
  app: 'RUNVS';
  env: string;
  database: DependencyState;
  redis: DependencyState;
  postgis: string | null;
}

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(): Promise<HealthReport> {
    const [postgis, redis] = await Promise.all([
      within(this.dataSource.query(`SELECT postgis_lib_version() AS version`)).then(
        (rows: Array<{ version: string }>) => rows[0]?.version ?? null,
        () => undefined,
      ),
      within(this.redis.ping()).then(
        (answer) => (answer === 'PONG' ? 'up' : 'down'),
        () => 'down' as const,
      ),
    ]);
    const database: DependencyState = postgis === undefined ? 'down' : 'up';
    return {
      status: database === 'up' && redis === 'up' ? 'ok' : 'degraded',
      app: this.config.app.name,
      env: this.config.app.env,
      database,
      redis,
      postgis: postgis ?? null,
    };
  }
}

function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('health check timed out')), CHECK_TIMEOUT_MS),
    ),
  ]);
}
