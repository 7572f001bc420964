import { Injectable } from '@nestjs/common';
import { notFound } from '@runvs/common';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { AchievementsRepository } from './achievements.repository';
import {
  type AchievementMetrics,
  type AchievementProgress,
  achievementRule,
  countFirstPlaces,
  countPersonalRecords,
  nextAchievements,
  satisfiedCodes,
} from './achievements.rules';

export interface EarnedAchievement {
  code: string;
  title: string;
  description: string;
  earned_at: string;
  /** the run that earned it (null when that run was deleted meanwhile) */
  run_record_id: string | null;
}

export interface AchievementsView {
  data: EarnedAchievement[];
  /** per kind of achievement, the next one to earn and how far along the runner is */
  next: AchievementProgress[];
}

/** A run as the pipeline hands it over. */
export interface AwardingRun {
  id: string;
  user_id: string;
  finished_at: Date;
}

/**
 * Achievements (rules: achievements.rules.ts). The pipeline calls `awardAfterRun` once a run is
 * fully counted: the runner's metrics are recomputed from their history and every rule now met
 * and not yet earned is inserted — the (user, code) unique pair plus the inbox entry and push in
 * the same transaction make each award happen exactly once, however often the call is replayed.
 * Deleting a run calls `takeBackAfterDeletion`, which removes what the remaining history no
 * longer supports.
 */
@Injectable()
export class AchievementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AchievementsRepository,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Awards what the run made the runner earn; returns the codes newly earned. */
  async awardAfterRun(run: AwardingRun): Promise<string[]> {
    return this.outbox.transaction(async (manager, enqueue) => {
      await this.repository.lockRunner(manager, run.user_id);
      const metrics = await this.metrics(manager, run.user_id);
      if (!metrics) return [];
      const earned = new Set((await this.repository.earned(manager, run.user_id)).map((row) => row.code));
      const awarded: string[] = [];
      for (const code of satisfiedCodes(metrics)) {
        if (earned.has(code)) continue;
        if (!(await this.repository.award(manager, run.user_id, code, run.finished_at, run.id))) continue;
        awarded.push(code);
        const rule = achievementRule(code)!;
        await this.notifications.notify(
          manager,
          {
            userId: run.user_id,
            type: 'achievement_earned',
            targetType: 'run',
            targetId: run.id,
            title: '새 업적을 달성했어요!',
            body: rule.title,
            data: { code, run_record_id: run.id },
            dedupeKey: `achievement:${code}:${run.id}`,
            dedupeWindowSeconds: 365 * 86_400,
          },
          enqueue,
        );
      }
      return awarded;
    });
  }

  /** After a run was deleted: takes back what the remaining runs no longer earn. */
  async takeBackAfterDeletion(userId: string): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      await this.repository.lockRunner(manager, userId);
      const metrics = await this.metrics(manager, userId);
      if (!metrics) return [];
      const satisfied = new Set(satisfiedCodes(metrics));
      const lost = (await this.repository.earned(manager, userId))
        .map((row) => row.code)
        .filter((code) => !satisfied.has(code));
      await this.repository.takeBack(manager, userId, lost);
      return lost;
    });
  }

  /** GET /users/{id}/achievements (and /users/me/achievements): earned ones and what comes next. */
  async list(userId: string, viewerId: string): Promise<AchievementsView> {
    const manager = this.dataSource.manager;
    if (userId !== viewerId && !(await this.repository.visibleTo(manager, userId, viewerId))) {
      throw notFound('User');
    }
    const metrics = await this.metrics(manager, userId);
    if (!metrics) throw notFound('User');
    const rows = await this.repository.earned(manager, userId);
    const data: EarnedAchievement[] = [];
    for (const row of rows) {
      const rule = achievementRule(row.code);
      if (!rule) continue;
      data.push({
        code: row.code,
        title: rule.title,
        description: rule.description,
        earned_at: row.earned_at.toISOString(),
        run_record_id: row.run_record_id,
      });
    }
    return { data, next: nextAchievements(metrics, new Set(rows.map((row) => row.code))) };
  }

  /** The runner's metrics from their history, or null when there is no such user. */
  private async metrics(manager: EntityManager, userId: string): Promise<AchievementMetrics | null> {
    const figures = await this.repository.figures(manager, userId);
    if (!figures) return null;
    const places = countFirstPlaces(await this.repository.courseOutcomes(manager, userId));
    return {
      runs: figures.runs,
      longestRunMeters: figures.longest_run_meters,
      personalRecords: countPersonalRecords(await this.repository.efforts(manager, userId)),
      // Kept by the run pipeline in the runner's time zone (a run counts before this is called).
      longestStreakDays: figures.streak_best_days,
      coursesCompleted: figures.courses_completed,
      firstPlaces: places.first,
      firstPlacesTakenBack: places.takenBack,
      eventsFinished: figures.events_finished,
    };
  }
}
