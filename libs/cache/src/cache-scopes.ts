/**
 * Invalidation scopes shared by the api (which caches) and the writers (api and worker, which
 * invalidate after their commit). One place, so a reader and its writers cannot disagree on a name.
 */
export const CacheScopes = {
  /** A course's page: its row, counters and difficulty. */
  course: (courseId: string) => `course:${courseId}`,
  /** A course's leaderboards and statistics: everything computed from its ranked runs. */
  courseBoard: (courseId: string) => `course:${courseId}:board`,
  /** Course search and listing pages. Counters inside them may lag by the entry TTL. */
  courseList: 'courses:list',
  /**
   * What is read from one user's own row and runs: `GET /users/me` (profile, totals) and that
   * user's bests shown in course lists. Bumped by profile writes and whenever the user's runs change.
   */
  user: (userId: string) => `user:${userId}`,
} as const;

/** Everything that shows a course's runs: its page and its boards. */
export function courseRunScopes(courseId: string): string[] {
  return [CacheScopes.course(courseId), CacheScopes.courseBoard(courseId)];
}
