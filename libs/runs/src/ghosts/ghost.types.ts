/** Whose ghost: my best, the course record, or a followed runner's best. */
export type GhostOf = { kind: 'me' } | { kind: 'leader' } | { kind: 'user'; userId: string };

/** GET /courses/{id}/ghost: a compact time-at-distance profile along the course line. */
export interface GhostView {
  course_id: string;
  /** `me`, `leader` or `user` */
  of: GhostOf['kind'];
  runner: { id: string; nickname: string | null; avatar_url: string | null };
  run_record_id: string;
  achieved_at: string;
  /** the effort's official (leaderboard) time */
  duration_seconds: number;
  course_distance_meters: number;
  /** samples are at 0, interval, 2 × interval … and the last one at the finish */
  sample_interval_meters: number;
  /** moving seconds since leaving the start when the runner reached each sample; null = unknown or hidden */
  samples: Array<number | null>;
  /** samples hidden because they lie in the runner's privacy zones (never for my own ghost) */
  hidden_samples: number;
}
