import type { CourseDifficulty } from '@runvs/database';
import { courseDifficulty, difficultyScore } from '@runvs/geo';
import type { EntityManager } from 'typeorm';

/**
 * A completion rate says something about a course only once enough people tried it: below this
 * many attempts (runs on the course, completed or not) difficulty uses the neutral term.
 */
export const MIN_ATTEMPTS_FOR_COMPLETION_RATE = 5;

export interface CourseDifficultyInput {
  distanceMeters: number;
  elevationGainMeters: number;
  /** completed / attempted runs on the course, 0–1; null when unknown */
  completionRate?: number | null;
  /** runs on the course so far (course_stats.total_attempts) */
  attempts?: number | null;
}

/** Difficulty label and §6.2 score (0–100) from distance, climb, gradient and, once known, completion rate. */
export function difficultyOf(input: CourseDifficultyInput): { label: CourseDifficulty; score: number } {
  const knownRate =
    input.completionRate != null && (input.attempts ?? 0) >= MIN_ATTEMPTS_FOR_COMPLETION_RATE
      ? input.completionRate
      : null;
  const parts = {
    distanceMeters: input.distanceMeters,
    elevationGainMeters: input.elevationGainMeters,
    completionRate: knownRate,
  };
  return { label: courseDifficulty(parts), score: Math.round(difficultyScore(parts) * 100) / 100 };
}

/**
 * Recomputes a course's difficulty from its row and its course_stats (call it in the transaction
 * that changed the stats, e.g. the run pipeline's course-stats stage). Writes only when the label
 * or score changed; returns the current label, or null when the course is gone.
 */
export async function recomputeCourseDifficulty(
  manager: EntityManager,
  courseId: string,
): Promise<CourseDifficulty | null> {
  const rows = (await manager.query(
    `SELECT c.distance_meters, c.elevation_gain_meters, c.difficulty, c.difficulty_score,
            cs.completion_rate::float8 AS completion_rate, cs.total_attempts
       FROM courses c LEFT JOIN course_stats cs ON cs.course_id = c.id
      WHERE c.id = $1`,
    [courseId],
  )) as Array<{
    distance_meters: number;
    elevation_gain_meters: number;
    difficulty: CourseDifficulty;
    difficulty_score: number | null;
    completion_rate: number | null;
    total_attempts: number | null;
  }>;
  const course = rows[0];
  if (!course) return null;
  return saveCourseDifficulty(manager, courseId, course);
}

/** The course's difficulty from the figures given (its row joined with its stats), written when it changed. */
export async function saveCourseDifficulty(
  manager: EntityManager,
  courseId: string,
  course: {
    distance_meters: number;
    elevation_gain_meters: number;
    difficulty: CourseDifficulty;
    difficulty_score: number | null;
    completion_rate: number | null;
    total_attempts: number | null;
  },
): Promise<CourseDifficulty> {
  const { label, score } = difficultyOf({
    distanceMeters: course.distance_meters,
    elevationGainMeters: course.elevation_gain_meters,
    completionRate: course.completion_rate,
    attempts: course.total_attempts,
  });
  if (
    label !== course.difficulty ||
    course.difficulty_score === null ||
    Math.abs(course.difficulty_score - score) > 0.005
  ) {
    await manager.query(`UPDATE courses SET difficulty = $2, difficulty_score = $3 WHERE id = $1`, [
      courseId,
      label,
      score,
    ]);
  }
  return label;
}
