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
} as const;

/** Everything that shows a course's runs: its page and its boards. */
export function courseRunScopes(courseId: string): string[] {
  return [CacheScopes.course(courseId), CacheScopes.courseBoard(courseId)];
}
