import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheService, courseRunScopes } from '@runvs/cache';
import { CourseStatsService } from '@runvs/courses';
import { EventProgressService } from '@runvs/events';
import { prepareCourse } from '@runvs/geo';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import { DataSource } from 'typeorm';
import { RankingsRepository } from '../rankings/rankings.repository';
import type { CourseCompletionView } from './course-completion';
import { CourseRejudgeRepository } from './course-rejudge.repository';
import { judgeCourseRun } from './course-run-judging';
import { RunPipelineRepository } from './run-pipeline.repository';

/** Runs judged per transaction (each batch commits its verdicts and the notifications they cause). */
export const REJUDGE_BATCH_SIZE = 200;

/**
 * After a course's line was corrected (`course-rejudge` job): every effort on it the pipeline had
 * already judged is judged again against the new line, in batches — each batch's verdicts and the
 * notifications of runners whose effort stopped counting ("why": the failed rules) commit
 * together — then the board, the course stats and the progress of events bound to the course are
 * rebuilt. Idempotent: judging is deterministic, so a retry re-judges to the same verdicts and a
 * runner is told once per correction (the notification key carries the revision). A job for an
 * older revision than the course's current one does nothing: the newer job covers it.
 */
@Injectable()
export class CourseRejudgeService {
  private readonly logger = new Logger(CourseRejudgeService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly repository: CourseRejudgeRepository,
    private readonly pipeline: RunPipelineRepository,
    private readonly rankings: RankingsRepository,
    private readonly courseStats: CourseStatsService,
    private readonly eventProgress: EventProgressService,
    private readonly notifications: NotificationsService,
    private readonly cache: CacheService,
  ) {}

  async rejudge(courseId: string, revision: number): Promise<{ judged: number; revoked: number }> {
    const course = await this.repository.course(this.dataSource.manager, courseId);
    if (!course || course.route_revision !== revision) {
      this.logger.log(`course ${courseId} r${revision}: gone or superseded, nothing to re-judge`);
      return { judged: 0, revoked: 0 };
    }
    const line = course.course_line ? prepareCourse(course.course_line.coordinates) : null;
    let judged = 0;
    let revoked = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const batch = await this.outbox.transaction(async (manager, enqueue) => {
        const runs = await this.repository.runsAfter(manager, courseId, after, REJUDGE_BATCH_SIZE);
        let lost = 0;
        for (const run of runs) {
          const { outcome, view } = judgeCourseRun(
            { line, isHidden: course.is_hidden, checkpoints: course.checkpoints },
            {
              line: run.run_line?.coordinates ?? null,
              isFlagged: run.is_flagged,
              activityType: run.activity_type,
              boardExcluded: run.board_excluded,
              source: run.source,
              checkpointPasses: run.checkpoint_passes,
              courseVisible: run.course_visible,
            },
          );
          await this.pipeline.saveMatch(manager, run.id, outcome);
          if (run.is_ranking_eligible && !outcome.eligible) {
            lost++;
            await this.notifications.notify(
              manager,
              effortRevokedIntent({ id: courseId, title: course.title, revision }, run, view),
              enqueue,
            );
          }
        }
        return { count: runs.length, last: runs.at(-1)?.id ?? null, lost };
      });
      judged += batch.count;
      revoked += batch.lost;
      if (batch.last === null || batch.count < REJUDGE_BATCH_SIZE) break;
      after = batch.last;
    }
    await this.outbox.transaction(async (manager, enqueue) => {
      await this.rankings.lockCourseBoard(manager, courseId);
      await this.rankings.rebuildRankings(manager, courseId, null);
      await this.courseStats.recountRunFigures(manager, courseId);
      await this.eventProgress.recompute(
        manager,
        await this.repository.liveEventIds(manager, courseId),
        null,
        enqueue,
      );
    });
    await this.cache.invalidate(...courseRunScopes(courseId));
    this.logger.log(
      `course ${courseId} r${revision}: ${judged} efforts re-judged, ${revoked} no longer count`,
    );
    return { judged, revoked };
  }
}

function effortRevokedIntent(
  course: { id: string; title: string; revision: number },
  run: { id: string; user_id: string },
  view: CourseCompletionView,
) {
  const why = view.reasons.map((reason) => reason.message).join(' ');
  return {
    userId: run.user_id,
    type: 'course_effort_revoked' as const,
    targetType: 'course' as const,
    targetId: course.id,
    title: '코스 기록 재판정',
    body: `'${course.title}' 코스의 경로가 수정되어 회원님의 기록이 더 이상 순위에 포함되지 않아요. ${why}`.trim(),
    data: {
      course_id: course.id,
      run_record_id: run.id,
      reasons: view.reasons.map((reason) => reason.code),
    },
    dedupeKey: `course_effort_revoked:${run.id}:r${course.revision}`,
    dedupeWindowSeconds: 366 * 86_400,
  };
}
