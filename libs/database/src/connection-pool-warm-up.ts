import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import type { DataSource } from 'typeorm';

/**
 * Run on every new connection before its first use: loads PostGIS into the new server process
 * (≈ 10 ms on an idle box, 40–90 ms when eight cold connections start at once), which would
 * otherwise land on whichever statement touches geography first — in the pipeline, inside the
 * course board's critical section.
 */
const WARM_UP_SQL = `SELECT 'POINT(0 0)'::geography IS NOT NULL`;

interface PgPool {
  on(event: 'connect', listener: (client: PgClient) => void): void;
}
interface PgClient {
  query(sql: string): Promise<unknown>;
}

/**
 * Opens the pool's `DATABASE_POOL_MIN` connections before the process takes work (the worker's
 * queues start consuming once their modules are initialised, after this one), each warmed up
 * (WARM_UP_SQL) as every later connection is; the pool keeps that many open when idle. So the
 * first completions after a start or a scale-up do not each pay for a cold connection.
 */
@Injectable()
export class ConnectionPoolWarmUp implements OnModuleInit {
  private readonly logger = new Logger(ConnectionPoolWarmUp.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    // The pool queues the caller's statements behind this one on the new connection.
    pool?.on('connect', (client) => {
      client
        .query(WARM_UP_SQL)
        .catch((error: Error) => this.logger.warn(`connection warm-up: ${error.message}`));
    });
    // Concurrent queries on an idle pool each take a connection of their own: the pool opens them.
    await Promise.all(
      Array.from({ length: this.config.database.poolMin }, () => this.dataSource.query(WARM_UP_SQL)),
    );
  }
}
