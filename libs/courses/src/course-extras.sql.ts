/** A session counts as someone running the course right now while it is active and heard from this recently. */
export const ACTIVE_SESSION_WINDOW = '1 hour';

/** Per-course figures every listing shows, read live from the social and session tables. */
export const courseExtrasSql = (alias: string) => `
  (SELECT count(*) FROM course_likes l WHERE l.course_id = ${alias}.id)::int AS like_count,
  (SELECT round(avg(r.rating)::numeric, 1)::float8 FROM reviews r WHERE r.course_id = ${alias}.id) AS avg_rating,
  (SELECT count(*) FROM run_sessions s
    WHERE s.course_id = ${alias}.id AND s.status = 'active'
      AND coalesce(s.last_chunk_at, s.started_at) > now() - interval '${ACTIVE_SESSION_WINDOW}')::int AS active_runners`;
