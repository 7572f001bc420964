import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { recomputeCourseDifficulty, saveCourseDifficulty } from '../course-difficulty';
import {
  CourseStatsRepository,
  type CountedRun,
  type CourseRunFigures,
  type StoredRunFigures,
} from './course-stats.repository';

/**
 * The one writer of course_stats. The runs domain calls it with what a run changed, social
 * domains to recount their counters, the courses domain when a course is created or removed.
 * Every method works in the caller's transaction.
 */
@Injectable()
export class CourseStatsService {
  constructor(private readonly repository: CourseStatsRepository) {}

  /**
   * Recounts the course's run figures from its runs, then its difficulty (its completion rate
   * only counts once enough people tried). For deletions, moderation and reconciliation.
   */
  async recountRunFigures(manager: EntityManager, courseId: string): Promise<void> {
    const distance = await this.repository.courseDistance(manager, courseId);
    if (distance === null) return;
    const figures = await this.repository.countRunFigures(manager, courseId);
    await this.repository.saveRunFigures(manager, courseId, storedFigures(figures, distance));
    await recomputeCourseDifficulty(manager, courseId);
  }

  /**
   * Counts one finished run into the course's figures as an increment (the run pipeline, once per
   * run under its guard), then its difficulty. Equal to `recountRunFigures` after the run is saved.
   */
  async countRun(manager: EntityManager, courseId: string, run: CountedRun): Promise<void> {
    let facts = await this.repository.countRun(manager, courseId, run);
    if (!facts) {
      await this.repository.ensureRow(manager, courseId);
      facts = await this.repository.countRun(manager, courseId, run);
      if (!facts) return; // the course is gone
    }
    await saveCourseDifficulty(manager, courseId, facts);
  }

  /** A new course's figures from its creator's run, its first completed effort. */
  async seedFromCreatorRun(
    manager: EntityManager,
    courseId: string,
    run: { durationSeconds: number; startedAt: Date; isFlagged: boolean; courseDistanceMeters: number },
  ): Promise<void> {
    const hour = String(run.startedAt.getUTCHours()).padStart(2, '0');
    // As `countRunFigures`: a flagged run is in no figure (a course is only made from a run).
    const counted = !run.isFlagged;
    const figures: CourseRunFigures = {
      total_runs: counted ? 1 : 0,
      unique_runners: counted ? 1 : 0,
      total_attempts: counted ? 1 : 0,
      avg_duration: counted ? run.durationSeconds : null,
      best_duration: counted ? run.durationSeconds : null,
      sum_duration: counted ? run.durationSeconds : 0,
      runs_by_hour: counted ? { [hour]: 1 } : {},
    };
    await this.repository.saveRunFigures(manager, courseId, storedFigures(figures, run.courseDistanceMeters));
  }

  /**
   * Locks the course's row (creating it if needed) for the rest of the transaction: writes of one
   * course's counters are serialised, so each recount sees the others' commits.
   */
  lock(manager: EntityManager, courseId: string): Promise<void> {
    return this.repository.lock(manager, courseId);
  }

  /** Recounts likes, favorites, reviews and ratings of the given courses. */
  async recountSocialCounters(manager: EntityManager, courseIds: readonly string[]): Promise<void> {
    if (courseIds.length === 0) return;
    await this.repository.recountSocialCounters(manager, courseIds);
  }

  /** The course is being deleted. */
  remove(manager: EntityManager, courseId: string): Promise<void> {
    return this.repository.remove(manager, courseId);
  }
}

function storedFigures(figures: CourseRunFigures, courseDistanceMeters: number): StoredRunFigures {
  const km = courseDistanceMeters / 1000;
  const avg = figures.avg_duration === null ? null : Math.floor(figures.avg_duration);
  const best = figures.best_duration;
  return {
    totalRuns: figures.total_runs,
    uniqueRunners: figures.unique_runners,
    totalAttempts: figures.total_attempts,
    avgDurationSeconds: avg,
    avgPaceSecondsPerKm: avg !== null && km > 0 ? Math.floor(avg / km) : null,
    bestDurationSeconds: best,
    bestPaceSecondsPerKm: best !== null && km > 0 ? Math.floor(best / km) : null,
    completionRate: figures.total_attempts > 0 ? figures.total_runs / figures.total_attempts : 0,
    sumDurationSeconds: figures.sum_duration,
    runsByHour: figures.runs_by_hour,
  };
}
