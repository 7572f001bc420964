import { Injectable } from '@nestjs/common';
import { CacheScopes, CacheService, courseRunScopes } from '@runvs/cache';
import { DomainError } from '@runvs/common';
import { CourseStatsService } from '@runvs/courses';
import { runCounts } from '@runvs/database';
import { EventProgressService } from '@runvs/events';
import { type Box, HeatmapService } from '@runvs/heatmap';
import type { Enqueue } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { reviseCourseCompletion } from '../pipeline/course-completion';
import { RunAftermathService } from '../pipeline/run-aftermath.service';
import { RankingsRepository } from '../rankings/rankings.repository';
import { RunnerTotalsRepository } from '../stats/runner-totals.repository';
import { RunVerdictsRepository, type VerdictRunRow } from './run-verdicts.repository';
import { storedRunEligible } from './run-verdicts.rules';

export type FlagVerdict = 'confirmed' | 'dismissed';

/** A run an admin's verdict changed, for the caller's notices and `afterCommit`. */
export interface JudgedRun {
  id: string;
  user_id: string;
  course_id: string | null;
  finished_at: Date;
  flag_reasons: string[] | null;
  flag_reason: string | null;
  flag_appealed_at: Date | null;
  /** the run counts after the verdict (`runCounts`) */
  counts: boolean;
  /** heatmap tiles to invalidate after the commit */
  touched: Box | null;
  /** the board exclusion this verdict made or undid (its instant keys the runner's notice) */
  exclusionAt?: Date;
}

/**
 * An admin's verdicts on a run (libs/runs owns run_records): a flag dismissed (the run counts
 * again) or confirmed (it stays out), an effort excluded from its course board or put back. Each
 * works in the caller's transaction (its notices commit with it) and recomputes, once and from
 * run_records, everything whether the run counts decides — the runner's totals, points, level and
 * daily streak, the runner's row on the course board, the course stats, the progress of the events
 * it falls in, the heatmap — under the locks the pipeline takes, so the increments stay equal to a recount.
 * `afterCommit` then clears the caches and refreshes distance boards and achievements.
 */
@Injectable()
export class RunVerdictsService {
  constructor(
    private readonly repository: RunVerdictsRepository,
    private readonly totals: RunnerTotalsRepository,
    private readonly rankings: RankingsRepository,
    private readonly courseStats: CourseStatsService,
    private readonly eventProgress: EventProgressService,
    private readonly heatmap: HeatmapService,
    private readonly cache: CacheService,
    private readonly aftermath: RunAftermathService,
  ) {}

  /** The flag stands (`confirmed`: out for good) or was wrong (`dismissed`: counts again); null: no such run. */
  async reviewFlag(
    manager: EntityManager,
    enqueue: Enqueue,
    runRecordId: string,
    verdict: FlagVerdict,
    adminId: string,
  ): Promise<JudgedRun | null> {
    const run = await this.repository.lock(manager, runRecordId);
    if (!run) return null;
    const isFlagged = verdict === 'confirmed';
    const eligible = storedRunEligible(facts({ ...run, is_flagged: isFlagged }));
    const completion = reviseCourseCompletion(run.course_completion, {
      isFlagged,
      boardExcluded: run.board_excluded_at !== null,
      eligible,
    });
    await this.repository.saveFlagVerdict(manager, run.id, {
      isFlagged,
      status: verdict,
      adminId,
      eligible,
      completion,
    });
    return this.recount(manager, enqueue, { ...run, is_flagged: isFlagged });
  }

  /** The effort comes off its course board with the reason; null: no such course run. */
  async excludeFromBoard(
    manager: EntityManager,
    enqueue: Enqueue,
    runRecordId: string,
    reason: string,
  ): Promise<JudgedRun | null> {
    const run = await this.repository.lock(manager, runRecordId);
    if (!run?.course_id) return null;
    const completion = reviseCourseCompletion(run.course_completion, {
      isFlagged: run.is_flagged,
      boardExcluded: true,
      eligible: false,
    });
    const exclusionAt = await this.repository.saveBoardExclusion(manager, run.id, reason, completion);
    return { ...(await this.recount(manager, enqueue, run)), exclusionAt };
  }

  /**
   * An exclusion undone: the effort ranks again if it passes the board's rule (a flagged or
   * unmatched run stays off); null: no such course run; 409 NOT_EXCLUDED when it was not excluded.
   */
  async putBackOnBoard(
    manager: EntityManager,
    enqueue: Enqueue,
    runRecordId: string,
  ): Promise<JudgedRun | null> {
    const run = await this.repository.lock(manager, runRecordId);
    if (!run?.course_id) return null;
    if (run.board_excluded_at === null) {
      throw new DomainError('NOT_EXCLUDED', 'This effort is not excluded from its course board.');
    }
    const eligible = storedRunEligible(facts({ ...run, board_excluded_at: null }));
    const completion = reviseCourseCompletion(run.course_completion, {
      isFlagged: run.is_flagged,
      boardExcluded: false,
      eligible,
    });
    await this.repository.clearBoardExclusion(manager, run.id, eligible, completion);
    const exclusionAt = run.board_excluded_at;
    return { ...(await this.recount(manager, enqueue, { ...run, board_excluded_at: null })), exclusionAt };
  }

  /** After the verdict's transaction committed: caches, heatmap tiles, distance boards, achievements. */
  async afterCommit(run: JudgedRun): Promise<void> {
    await this.heatmap.invalidate(run.touched);
    await this.cache.invalidate(
      CacheScopes.user(run.user_id),
      ...(run.course_id ? courseRunScopes(run.course_id) : []),
    );
    if (run.counts) await this.aftermath.afterRunCounted(run);
    else await this.aftermath.afterRunUncounted(run);
  }

  /** Everything whether the run counts or ranks decides, recounted from run_records in this transaction. */
  private async recount(manager: EntityManager, enqueue: Enqueue, run: VerdictRunRow): Promise<JudgedRun> {
    await this.totals.recount(manager, run.user_id);
    if (run.course_id) {
      await this.rankings.lockCourseBoard(manager, run.course_id);
      await this.rankings.rebuildRankings(manager, run.course_id, run.user_id);
      await this.courseStats.recountRunFigures(manager, run.course_id);
    }
    await this.eventProgress.recomputeForRun(manager, run.user_id, run.finished_at, enqueue);
    const touched = await this.heatmap.recordRun(manager, run.id);
    return {
      id: run.id,
      user_id: run.user_id,
      course_id: run.course_id,
      finished_at: run.finished_at,
      flag_reasons: run.flag_reasons,
      flag_reason: run.flag_reason,
      flag_appealed_at: run.flag_appealed_at,
      counts: runCounts({ activityType: run.activity_type, isFlagged: run.is_flagged }),
      touched,
    };
  }
}

function facts(run: VerdictRunRow) {
  return {
    courseId: run.course_id,
    courseCompleted: run.course_completed,
    routeMatchPercent: run.route_match_percent,
    source: run.source,
    activityType: run.activity_type,
    isFlagged: run.is_flagged,
    boardExcluded: run.board_excluded_at !== null,
    courseVisible: run.course_visible,
  };
}
