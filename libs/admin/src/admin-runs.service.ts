import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AchievementsService } from '@runvs/achievements';
import { notFound, type Page, toPage } from '@runvs/common';
import { DistanceBoardsService } from '@runvs/distance-boards';
import { EventProgressService } from '@runvs/events';
import { isLeaderboardEligible } from '@runvs/geo';
import { HeatmapService } from '@runvs/heatmap';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService, QueueName } from '@runvs/queue';
import { DataSource } from 'typeorm';
import type { FlaggedRunItem, FlagReviewFilter } from './admin.types';

const RUN_SELECT = `SELECT r.id, r.user_id, u.nickname, r.course_id, c.title AS course_title, r.source, r.distance_meters,
    r.duration_seconds, r.avg_pace_seconds_per_km, r.max_speed_ms, r.started_at, r.finished_at, r.is_flagged,
    r.flag_reason, r.flag_reasons, r.flag_review_status, r.flag_reviewed_by_id, r.flag_reviewed_at, r.is_ranking_eligible,
    r.flag_appeal_message, r.flag_appealed_at
  FROM run_records r
  JOIN users u ON u.id = r.user_id
  LEFT JOIN courses c ON c.id = r.course_id`;

const FILTERS: Record<FlagReviewFilter, string> = {
  pending: 'r.is_flagged AND r.flag_review_status IS NULL',
  confirmed: `r.flag_review_status = 'confirmed'`,
  dismissed: `r.flag_review_status = 'dismissed'`,
  appealed: 'r.is_flagged AND r.flag_review_status IS NULL AND r.flag_appealed_at IS NOT NULL',
};

type RunRow = Omit<FlaggedRunItem, 'started_at' | 'finished_at' | 'flag_reviewed_at' | 'flag_appealed_at'> & {
  flag_appealed_at: Date | null;
  started_at: Date;
  finished_at: Date;
  flag_reviewed_at: Date | null;
};

const toItem = (row: RunRow): FlaggedRunItem => ({
  ...row,
  started_at: row.started_at.toISOString(),
  finished_at: row.finished_at.toISOString(),
  flag_reviewed_at: row.flag_reviewed_at?.toISOString() ?? null,
  flag_appealed_at: row.flag_appealed_at?.toISOString() ?? null,
});

/**
 * The anomaly review queue. An admin either dismisses a flag (the run is genuine: it counts again
 * for leaderboards, event progress and the heatmap) or confirms it (it stays out for good). Either
 * way the course board is rebuilt by a `ranking-recalc` job enqueued in the same transaction, and
 * the runner's event progress is recomputed.
 */
@Injectable()
export class AdminRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly eventProgress: EventProgressService,
    private readonly heatmap: HeatmapService,
    private readonly distanceBoards: DistanceBoardsService,
    private readonly achievements: AchievementsService,
    private readonly notifications: NotificationsService,
  ) {}

  async flagged(
    filter: FlagReviewFilter,
    page: { page: number; perPage: number },
  ): Promise<Page<FlaggedRunItem>> {
    const where = FILTERS[filter];
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM run_records r WHERE ${where}`) as Promise<
        Array<{ total: number }>
      >,
      this.dataSource.query(
        `${RUN_SELECT} WHERE ${where} ORDER BY r.created_at DESC, r.id LIMIT $1 OFFSET $2`,
        [page.perPage, page.page * page.perPage],
      ) as Promise<RunRow[]>,
    ]);
    return toPage(rows.map(toItem), total, page);
  }

  /** The flag was wrong: the run counts again wherever it is eligible. */
  unflag(adminId: string, runId: string): Promise<FlaggedRunItem> {
    return this.review(adminId, runId, 'dismissed');
  }

  /** The flag stands: the run stays out of leaderboards, event progress and the heatmap. */
  confirm(adminId: string, runId: string): Promise<FlaggedRunItem> {
    return this.review(adminId, runId, 'confirmed');
  }

  private async review(
    adminId: string,
    runId: string,
    verdict: 'confirmed' | 'dismissed',
  ): Promise<FlaggedRunItem> {
    const { bounds, run } = await this.outbox.transaction(async (manager, enqueue) => {
      const [run] = (await manager.query(
        `SELECT r.id, r.user_id, r.course_id, r.source, r.course_completed, r.route_match_percent, r.finished_at,
                r.flag_reasons, r.flag_reason, r.flag_appealed_at, c.is_hidden AS course_hidden
           FROM run_records r LEFT JOIN courses c ON c.id = r.course_id
          WHERE r.id = $1 FOR UPDATE OF r`,
        [runId],
      )) as Array<{
        id: string;
        user_id: string;
        course_id: string | null;
        source: string;
        course_completed: boolean | null;
        route_match_percent: number | null;
        finished_at: Date;
        flag_reasons: string[] | null;
        flag_reason: string | null;
        flag_appealed_at: Date | null;
        course_hidden: boolean | null;
      }>;
      if (!run) throw notFound('Run');
      const isFlagged = verdict === 'confirmed';
      const eligible =
        run.course_id !== null &&
        isLeaderboardEligible({
          courseCompleted: run.course_completed,
          isFlagged,
          routeMatchPercent: run.route_match_percent,
          source: run.source,
          visible: run.course_hidden !== true,
        });
      await manager.query(
        `UPDATE run_records SET is_flagged = $2, flag_review_status = $3, flag_reviewed_by_id = $4,
                flag_reviewed_at = now(), is_ranking_eligible = $5
          WHERE id = $1`,
        [runId, isFlagged, verdict, adminId, eligible],
      );
      if (run.course_id !== null) {
        await enqueue(QueueName.RankingRecalc, { courseId: run.course_id, reason: `run-flag-${verdict}` });
      }
      await this.eventProgress.recomputeForRun(manager, run.user_id, run.finished_at, enqueue);
      // The runner hears the verdict in their inbox, with the reasons.
      await this.notifications.notify(manager, flagReviewedIntent(run, verdict), enqueue);
      return { bounds: await this.heatmap.recordRun(manager, runId), run };
    });
    await this.heatmap.invalidate(bounds);
    // A flagged run counts on no distance board and for no achievement; a dismissed flag lets it in.
    await this.distanceBoards.refreshRunner(run.user_id, run.finished_at);
    if (verdict === 'dismissed') await this.achievements.awardAfterRun(run);
    const [row] = (await this.dataSource.query(`${RUN_SELECT} WHERE r.id = $1`, [runId])) as RunRow[];
    return toItem(row);
  }
}

/** The runner's inbox entry for an admin's verdict on their flagged run. */
function flagReviewedIntent(
  run: {
    id: string;
    user_id: string;
    flag_reasons: string[] | null;
    flag_reason: string | null;
    flag_appealed_at: Date | null;
  },
  verdict: 'confirmed' | 'dismissed',
) {
  const reasons = run.flag_reasons ?? (run.flag_reason ? [run.flag_reason] : []);
  return {
    userId: run.user_id,
    type: 'run_flag_reviewed' as const,
    targetType: 'run' as const,
    targetId: run.id,
    title: verdict === 'dismissed' ? '기록이 다시 인정되었어요' : '기록 검토 결과',
    body:
      verdict === 'dismissed'
        ? '관리자가 검토한 결과 회원님의 기록이 정상으로 확인되어 다시 집계됩니다.'
        : `관리자가 검토한 결과 이상 기록 판정이 유지됩니다. (${reasons.join(', ')})`,
    data: {
      run_record_id: run.id,
      decision: verdict === 'dismissed' ? 'reinstated' : 'confirmed',
      reasons,
      appealed: run.flag_appealed_at !== null,
    },
    dedupeKey: `run_flag_reviewed:${run.id}:${verdict}:${run.flag_appealed_at?.getTime() ?? 0}`,
    dedupeWindowSeconds: 366 * 86_400,
  };
}
