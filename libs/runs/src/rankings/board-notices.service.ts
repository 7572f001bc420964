import { Injectable } from '@nestjs/common';
import { NotificationsService } from '@runvs/notifications';
import type { Enqueue } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { BoardNoticesRepository, type NoticeCandidate } from './board-notices.repository';
import {
  type BoardMove,
  localDay,
  MAX_FRIENDS_NOTIFIED,
  mergePassedNotice,
  type PassedNoticeData,
  passedNotices,
  passedNoticeKey,
  TOP_N,
} from './board-notices.rules';

/** A personal best that moved its runner up a course board. */
export interface PassingRun extends BoardMove {
  runRecordId: string;
  courseId: string;
  courseTitle: string;
  nickname: string | null;
}

/**
 * "Someone passed you" notices of one run (rules in board-notices.rules): the former leader, the
 * runner pushed out of the top 10 and friends passed — a bounded handful whatever the board size —
 * each as one notice per course and local day, updated by later passes (NotificationsService.
 * notifyAggregated). Runs in the pipeline's transaction.
 */
@Injectable()
export class BoardNoticesService {
  constructor(
    private readonly repository: BoardNoticesRepository,
    private readonly notifications: NotificationsService,
  ) {}

  /** Returns how many runners were told (a new notice or an updated one). */
  async notifyPassed(manager: EntityManager, run: PassingRun, enqueue: Enqueue): Promise<number> {
    const leaders = await this.repository.leaders(manager, run.courseId, run.userId, TOP_N);
    const friends = await this.repository.friendsPassed(
      manager,
      run.courseId,
      run.userId,
      run,
      MAX_FRIENDS_NOTIFIED,
    );
    const zoneOf = new Map<string, string>(
      [...leaders, ...friends].map((row: NoticeCandidate) => [row.user_id, row.time_zone]),
    );
    const now = new Date();
    let told = 0;
    for (const notice of passedNotices(run, leaders, friends)) {
      const day = localDay(now, zoneOf.get(notice.userId) ?? 'UTC');
      const outcome = await this.notifications.notifyAggregated(
        manager,
        {
          userId: notice.userId,
          actorId: run.userId,
          type: 'ranking_beaten',
          targetType: 'course',
          targetId: run.courseId,
          aggregateKey: passedNoticeKey(run.courseId, day),
        },
        (previous: PassedNoticeData | null) =>
          mergePassedNotice(previous, {
            courseId: run.courseId,
            day,
            reasons: notice.reasons,
            passerId: run.userId,
            passerName: run.nickname,
            courseTitle: run.courseTitle,
            runRecordId: run.runRecordId,
          }),
        enqueue,
      );
      if (outcome) told++;
    }
    return told;
  }
}
