import { Injectable } from '@nestjs/common';
import { notFound, type Page, toPage } from '@runvs/common';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import { type FlagVerdict, type JudgedRun, RunVerdictsService } from '@runvs/runs';
import { AdminRunsRepository, type FlaggedRunRow } from './admin-runs.repository';
import type { FlaggedRunItem, FlagReviewFilter } from './admin.types';

const toItem = (row: FlaggedRunRow): FlaggedRunItem => ({
  ...row,
  started_at: row.started_at.toISOString(),
  finished_at: row.finished_at.toISOString(),
  flag_reviewed_at: row.flag_reviewed_at?.toISOString() ?? null,
  flag_appealed_at: row.flag_appealed_at?.toISOString() ?? null,
  board_excluded_at: row.board_excluded_at?.toISOString() ?? null,
});

/**
 * The anomaly review queue and board exclusions. An admin dismisses a flag (the run is genuine:
 * it counts again wherever it is eligible) or confirms it (it stays out of every total, board,
 * event and other people's feeds); excludes an effort from its course board after a report, or
 * undoes that. The verdict and the recount of everything it changes are one transaction of
 * `RunVerdictsService` (libs/runs), with the runner's inbox entry.
 */
@Injectable()
export class AdminRunsService {
  constructor(
    private readonly repository: AdminRunsRepository,
    private readonly outbox: OutboxService,
    private readonly verdicts: RunVerdictsService,
    private readonly notifications: NotificationsService,
  ) {}

  async flagged(
    filter: FlagReviewFilter,
    page: { page: number; perPage: number },
  ): Promise<Page<FlaggedRunItem>> {
    const { total, rows } = await this.repository.page(filter, page);
    return toPage(rows.map(toItem), total, page);
  }

  /** The flag was wrong: the run counts again wherever it is eligible. */
  unflag(adminId: string, runId: string): Promise<FlaggedRunItem> {
    return this.review(adminId, runId, 'dismissed');
  }

  /** The flag stands: the run stays out of every total, board, event and other people's feeds. */
  confirm(adminId: string, runId: string): Promise<FlaggedRunItem> {
    return this.review(adminId, runId, 'confirmed');
  }

  /**
   * An effort comes off its course board (after a report): not ranking-eligible, with the reason
   * (re-judging the run never brings it back); open reports on it are resolved, the board and
   * stats are recounted in the same transaction, and the runner is told why.
   */
  async excludeEffort(adminId: string, runId: string, reason: string): Promise<FlaggedRunItem> {
    const run = await this.outbox.transaction(async (manager, enqueue) => {
      const run = await this.verdicts.excludeFromBoard(manager, enqueue, runId, reason);
      if (!run) throw notFound('Run');
      await this.repository.resolveRunReports(manager, runId, adminId);
      await this.notifications.notify(manager, effortExcludedIntent(run, reason), enqueue);
      return run;
    });
    await this.verdicts.afterCommit(run);
    return this.item(runId);
  }

  /**
   * An exclusion undone: the effort is back on its board when it passes the board's rule, the
   * board and stats are recounted in the same transaction, and the runner is told.
   */
  async includeEffort(runId: string): Promise<FlaggedRunItem> {
    const run = await this.outbox.transaction(async (manager, enqueue) => {
      const run = await this.verdicts.putBackOnBoard(manager, enqueue, runId);
      if (!run) throw notFound('Run');
      await this.notifications.notify(manager, effortIncludedIntent(run), enqueue);
      return run;
    });
    await this.verdicts.afterCommit(run);
    return this.item(runId);
  }

  private async review(adminId: string, runId: string, verdict: FlagVerdict): Promise<FlaggedRunItem> {
    const run = await this.outbox.transaction(async (manager, enqueue) => {
      const run = await this.verdicts.reviewFlag(manager, enqueue, runId, verdict, adminId);
      if (!run) throw notFound('Run');
      // The runner hears the verdict in their inbox, with the reasons.
      await this.notifications.notify(manager, flagReviewedIntent(run, verdict), enqueue);
      return run;
    });
    await this.verdicts.afterCommit(run);
    return this.item(runId);
  }

  private async item(runId: string): Promise<FlaggedRunItem> {
    const row = await this.repository.item(runId);
    if (!row) throw notFound('Run');
    return toItem(row);
  }
}

function effortExcludedIntent(run: JudgedRun, reason: string) {
  return {
    userId: run.user_id,
    type: 'effort_excluded' as const,
    targetType: 'run' as const,
    targetId: run.id,
    title: '코스 기록이 순위에서 제외되었어요',
    body: `관리자가 이 기록을 코스 순위에서 제외했어요: ${reason}`,
    data: { run_record_id: run.id, course_id: run.course_id, reason },
    dedupeKey: `effort_excluded:${run.id}:${run.exclusionAt?.getTime() ?? 0}`,
    dedupeWindowSeconds: 366 * 86_400,
  };
}

function effortIncludedIntent(run: JudgedRun) {
  return {
    userId: run.user_id,
    type: 'effort_included' as const,
    targetType: 'run' as const,
    targetId: run.id,
    title: '코스 기록이 순위에 다시 포함되었어요',
    body: '관리자가 이 기록의 순위 제외를 취소했어요.',
    data: { run_record_id: run.id, course_id: run.course_id },
    dedupeKey: `effort_included:${run.id}:${run.exclusionAt?.getTime() ?? 0}`,
    dedupeWindowSeconds: 366 * 86_400,
  };
}

/** The runner's inbox entry for an admin's verdict on their flagged run. */
function flagReviewedIntent(run: JudgedRun, verdict: FlagVerdict) {
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
