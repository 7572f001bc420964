import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheScopes, CacheService } from '@runvs/cache';
import { inTransaction } from '@runvs/database';
import { EventProgressService } from '@runvs/events';
import { DataSource } from 'typeorm';
import { RankingsService } from '../rankings/rankings.service';
import { RunnerTotalsRepository } from '../stats/runner-totals.repository';

/** What a reconciliation recounted, and how many of those rows it found wrong. */
export interface ReconciliationReport {
  runners: number;
  courses: number;
  events: number;
  /** rows whose stored aggregate differed from the recount (user totals and streaks, boards, course stats, event progress) */
  drifted: number;
}

/**
 * The reconciliation behind `npm run reconcile`: every aggregate the run pipeline keeps as an
 * increment — runner totals and daily streaks, boards, course stats (and difficulty), event progress — recounted
 * from run_records, under the same locks as the pipeline and deletions, so it can run while the
 * system serves. Drift means a bug (or a hand edit); the report counts the rows it fixed.
 */
@Injectable()
export class AggregatesReconciliationService {
  private readonly logger = new Logger(AggregatesReconciliationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly totals: RunnerTotalsRepository,
    private readonly rankings: RankingsService,
    private readonly eventProgress: EventProgressService,
    private readonly cache: CacheService,
  ) {}

  async reconcile(): Promise<ReconciliationReport> {
    const before = await this.fingerprints();
    const runners = (await this.dataSource.query(
      `SELECT id FROM users u WHERE total_runs <> 0 OR total_distance_meters <> 0 OR total_points <> 0
          OR streak_last_date IS NOT NULL OR streak_best_days <> 0
          OR EXISTS (SELECT 1 FROM run_records r WHERE r.user_id = u.id)`,
    )) as Array<{ id: string }>;
    for (const { id } of runners) {
      await inTransaction(this.dataSource, async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('runner-pipeline:' || $1::text))`, [id]);
        await this.totals.recount(manager, id);
      });
      await this.cache.invalidate(CacheScopes.user(id));
    }
    const courses = (await this.dataSource.query(
      `SELECT id FROM courses c WHERE EXISTS (SELECT 1 FROM course_stats s WHERE s.course_id = c.id)
          OR EXISTS (SELECT 1 FROM rankings k WHERE k.course_id = c.id)
          OR EXISTS (SELECT 1 FROM run_records r WHERE r.course_id = c.id)`,
    )) as Array<{ id: string }>;
    for (const { id } of courses) await this.rankings.rebuildCourse(id);
    const events = (await this.dataSource.query(
      `SELECT id FROM events WHERE course_deleted_at IS NULL`,
    )) as Array<{ id: string }>;
    for (const { id } of events) {
      await inTransaction(this.dataSource, (manager) => this.eventProgress.recompute(manager, [id], null));
    }
    const after = await this.fingerprints();
    let drifted = 0;
    for (const [key, value] of after) if (before.get(key) !== value) drifted++;
    const report = { runners: runners.length, courses: courses.length, events: events.length, drifted };
    this.logger.log(`reconciliation: ${JSON.stringify(report)}`);
    return report;
  }

  /** One text per aggregate row, to count the rows a recount changed. */
  private async fingerprints(): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query(
      `SELECT 'u:' || id AS key, concat_ws('|', total_distance_meters, total_duration_seconds, total_runs, total_points, runner_level,
                                          COALESCE(streak_last_date::text, '-'), streak_current_days, streak_best_days) AS value
         FROM users
       UNION ALL
       SELECT 'k:' || course_id || ':' || user_id, concat_ws('|', run_record_id, best_duration_seconds, best_pace_seconds_per_km, run_count, achieved_at)
         FROM rankings
       UNION ALL
       SELECT 's:' || course_id, concat_ws('|', total_runs, unique_runners, total_attempts, avg_duration_seconds, avg_pace_seconds_per_km,
                                          best_duration_seconds, best_pace_seconds_per_km, completion_rate, runs_by_hour, sum_duration_seconds)
         FROM course_stats
       UNION ALL
       SELECT 'e:' || id, concat_ws('|', progress_distance_meters, progress_runs, completed) FROM event_participants`,
    )) as Array<{ key: string; value: string }>;
    const map = new Map(rows.map((row) => [row.key, row.value]));
    return map;
  }
}
