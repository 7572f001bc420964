import type { Gender } from '@runvs/database';

/** `ProfileResponse` (contract §3), with the totals the client's ProfileSetupResponse also reads. */
export interface ProfileResponse {
  id: string;
  nickname: string | null;
  avatar_url: string | null;
  birthday: string | null;
  gender: Gender | null;
  height_cm: number | null;
  weight_kg: number | null;
  bio: string | null;
  instagram_username: string | null;
  activity_region: string | null;
  country: string | null;
  crew_name: string | null;
  total_distance_meters: number;
  total_runs: number;
  created_at: string;
}

/** `UserResponse` (contract §3): the profile plus what only its owner sees. */
export interface UserResponse extends ProfileResponse {
  user_code: string;
  email: string | null;
  time_zone: string;
  total_points: number;
  runner_level: number;
}

/** First-time profile setup (POST /users/me/profile). */
export interface ProfileSetup {
  nickname: string;
  avatar_url?: string | null;
  country?: string | null;
  activity_region?: string | null;
}

/**
 * PATCH /users/me/profile: a field left out is unchanged; a field sent as null is ignored too,
 * except `gender`, `country` and `crew_name`, which an explicit null clears (contract §3).
 */
export interface ProfileUpdate {
  nickname?: string | null;
  avatar_url?: string | null;
  birthday?: string | null;
  gender?: Gender | null;
  height_cm?: number | null;
  weight_kg?: number | null;
  bio?: string | null;
  instagram_username?: string | null;
  activity_region?: string | null;
  country?: string | null;
  crew_name?: string | null;
  time_zone?: string | null;
}

export interface PublicProfileResponse {
  id: string;
  user_code: string;
  nickname: string | null;
  avatar_url: string | null;
  bio: string | null;
  instagram_username: string | null;
  activity_region: string | null;
  country: string | null;
  crew_name: string | null;
  runner_level: number;
  total_distance_meters: number;
  total_runs: number;
  total_points: number;
  total_likes_received: number;
  created_at: string;
  followers_count: number;
  following_count: number;
  is_following: boolean;
  courses: Array<{
    id: string;
    title: string;
    distance_meters: number;
    thumbnail_url: string | null;
    route_preview: Array<[number, number]> | null;
    total_runs: number;
    like_count: number;
  }>;
  top_rankings: Array<{
    course_id: string;
    course_title: string;
    rank: number;
    best_duration_seconds: number;
  }>;
  primary_gear: null;
  gear_items: [];
}

export interface SocialCounts {
  followers_count: number;
  following_count: number;
  total_likes_received: number;
  /** Courses created (mine: all; someone else's: the public, visible ones). */
  courses_count: number;
}

export interface FollowStatus {
  is_following: boolean;
  followers_count: number;
  following_count: number;
}

export interface UserSearchItem {
  id: string;
  nickname: string;
  avatar_url: string | null;
  crew_name: string | null;
  activity_region: string | null;
}
