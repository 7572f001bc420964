import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import type { DataSource } from 'typeorm';
import { connectionPool } from './prepared';

/**
 * Opens the pool's `DATABASE_POOL_MIN` connections (each warmed up by `warmUpNewConnection`)
 * before the process takes work — the worker's queues start consuming once their modules are
 * initialised, after this one; the pool keeps that many open when idle. So the first completions
 * after a start or a scale-up do not each pay for a cold connection.
 */
@Injectable()
export class ConnectionPoolWarmUp implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const pool = connectionPool(this.dataSource);
    // Taken together, the pool must open one connection for each; handed back, they stay open.
    const clients = await Promise.all(
      Array.from({ length: this.config.database.poolMin }, () => pool.connect()),
    );
    for (const client of clients) client.release();
  }
}
