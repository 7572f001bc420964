import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What the gauges read from the database at scrape time. */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Unpublished outbox rows and the age in seconds of the oldest (0 when none). */
  async outboxBacklog(): Promise<{ unpublished: number; oldestAgeSeconds: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS unpublished,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_age_seconds
         FROM outbox_events
        WHERE published_at IS NULL`,
    )) as Array<{ unpublished: number; oldest_age_seconds: number }>;
    return { unpublished: row.unpublished, oldestAgeSeconds: Math.max(0, row.oldest_age_seconds) };
  }
}
