/**
 * Who may see a course — the one rule every course read, list and the run pipeline use.
 *
 * A course is *listed* (in lists, search, nearby, map bounds, feeds) when it is public and not
 * hidden. A private or hidden course exists only for its creator and for admins: for everyone
 * else (other users, anonymous callers) every course route answers 404 and their runs are not
 * ranked on it.
 */
export interface CourseVisibilityFacts {
  is_public: boolean;
  is_hidden: boolean;
  creator_id: string;
}

/** The caller as the rule needs them: null when anonymous. */
export interface CourseViewer {
  id: string;
  isAdmin: boolean;
}

/** Public and not hidden: shown to everyone, anonymous callers included. */
export function isCourseListed(course: Pick<CourseVisibilityFacts, 'is_public' | 'is_hidden'>): boolean {
  return course.is_public && !course.is_hidden;
}

/** The pure rule: listed, or the viewer is its creator or an admin. */
export function courseVisibleTo(course: CourseVisibilityFacts, viewer: CourseViewer | null): boolean {
  return isCourseListed(course) || (viewer !== null && (viewer.id === course.creator_id || viewer.isAdmin));
}

/**
 * SQL of `isCourseListed` on the courses row `alias` (kept verbatim: the listed-course GiST
 * indexes are partial on exactly this predicate).
 */
export function listedCourseSql(alias: string): string {
  return `(${alias}.is_public AND NOT ${alias}.is_hidden)`;
}

/**
 * SQL of `courseVisibleTo` on the courses row `alias` for the viewer whose id is the SQL
 * expression `viewerId` (a bind parameter such as `$2`, or a column; NULL = anonymous). The
 * viewer is an admin when their users row says so.
 */
export function courseVisibleSql(alias: string, viewerId: string): string {
  const viewer = `(${viewerId})::uuid`;
  return `(${listedCourseSql(alias)} OR ${alias}.creator_id = ${viewer}
    OR EXISTS (SELECT 1 FROM users course_viewer WHERE course_viewer.id = ${viewer} AND course_viewer.role = 'admin'))`;
}
