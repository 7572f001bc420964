import type { AgeRange, BoardGender } from './board-filters.rules';
export type BoardSort = 'time' | 'pace';
export type BoardPeriod = 'all_time' | 'year' | 'month' | 'week';

export interface BoardQuery {
  page: number;
  perPage: number;
  sort: BoardSort;
  period: BoardPeriod;
  followingOnly: boolean;
  country?: string | null;
  /** runners who were this gender when they ran */
  gender?: BoardGender | null;
  /** runners whose age at the effort was in this range */
  ageRange?: AgeRange | null;
}

export interface BoardUser {
  id: string;
  nickname: string | null;
  avatar_url: string | null;
  crew_name: string | null;
  runner_level: number;
  country: string | null;
}

export interface BoardEntry {
  rank: number;
  user: BoardUser;
  best_duration_seconds: number;
  best_pace_seconds_per_km: number;
  run_count: number;
  achieved_at: string;
  /** share of the board at or ahead of this runner (lower is better) */
  percentile: number;
  /** every entry is a server-verified course run */
  gps_verified: boolean;
  /** positions gained since the runner's previous best (all-time board only) */
  rank_change: number | null;
}

export interface MyBoardRanking {
  rank: number;
  best_duration_seconds: number;
  best_pace_seconds_per_km: number;
  percentile: number;
  rank_change: number | null;
}

export interface CourseBoard {
  data: BoardEntry[];
  my_ranking: MyBoardRanking | null;
  total_runners: number;
  has_next: boolean;
}

export interface MyCourseRanking {
  rank: number | null;
  best_duration_seconds: number | null;
  best_pace_seconds_per_km: number | null;
  total_runners: number;
  percentile: number | null;
  rank_change: number | null;
  run_count: number;
}

export interface MyBest {
  id: string;
  duration_seconds: number;
  avg_pace_seconds_per_km: number | null;
  finished_at: string;
}

export interface MyRankingsItem {
  course: { id: string; title: string; distance_meters: number };
  rank: number;
  total_runners: number;
  percentile: number;
  best_duration_seconds: number;
  best_pace_seconds_per_km: number;
  run_count: number;
  achieved_at: string;
  rank_change: number | null;
}
