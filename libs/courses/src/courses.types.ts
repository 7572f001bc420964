import type { PrivacyWarning } from '@runvs/privacy';
import type { CourseCheckpoint, CourseDifficulty, CourseType } from '@runvs/database';
import type { LngLat } from '@runvs/geo';

export interface CourseCreator {
  id: string;
  nickname: string | null;
  avatar_url: string | null;
}

/** POST /courses body, validated by the api (shape) and the service (geometry, ownership). */
export interface CreateCourseInput {
  runRecordId: string;
  title: string;
  description?: string | null;
  routeGeometry: unknown;
  distanceMeters: number;
  estimatedDurationSeconds: number;
  elevationGainMeters?: number;
  elevationProfile?: number[];
  isPublic?: boolean;
  tags?: string[];
  courseType?: CourseType | null;
  lapCount?: number | null;
  /** URLs of the creator's own uploads (POST /uploads/image), at most MAX_COURSE_PHOTOS. */
  photoUrls?: string[];
}

export interface CreatedCourse {
  id: string;
  title: string;
  distance_meters: number;
  thumbnail_url: string | null;
  share_url: null;
  created_at: Date;
  difficulty: CourseDifficulty;
  /** set when the line enters one of the creator's privacy zones (the line is published whole) */
  privacy_warning: PrivacyWarning | null;
}

/** PATCH /courses/{id}: only the fields present and not null are applied. */
export interface UpdateCourseInput {
  title?: string | null;
  description?: string | null;
  isPublic?: boolean | null;
  tags?: string[] | null;
  courseType?: CourseType | null;
  lapCount?: number | null;
  /** Replaces the photos (`[]` removes them all). */
  photoUrls?: string[] | null;
}

export interface CourseDetail {
  id: string;
  title: string;
  description: string | null;
  route_geometry: { type: 'LineString'; coordinates: Array<[number, number, number]> };
  distance_meters: number;
  estimated_duration_seconds: number | null;
  elevation_gain_meters: number;
  elevation_loss_meters: number;
  elevation_profile: number[];
  thumbnail_url: string | null;
  photo_urls: string[];
  route_preview: LngLat[] | null;
  is_public: boolean;
  tags: string[];
  course_type: CourseType | null;
  lap_count: number | null;
  difficulty: CourseDifficulty;
  created_at: Date;
  updated_at: Date;
  creator: CourseCreator;
  checkpoints: CourseCheckpoint[];
  like_count: number;
  avg_rating: number | null;
  review_count: number;
  active_runners: number;
}

export interface CourseStatsResponse {
  course_id: string;
  total_runs: number;
  unique_runners: number;
  avg_duration_seconds: number | null;
  avg_pace_seconds_per_km: number | null;
  best_duration_seconds: number | null;
  best_pace_seconds_per_km: number | null;
  completion_rate: number;
  runs_by_hour: Record<string, number>;
  updated_at: Date | null;
}

/** What every course card shows, in lists and "near me". */
export interface CourseCard {
  id: string;
  title: string;
  thumbnail_url: string | null;
  route_preview: LngLat[] | null;
  distance_meters: number;
  estimated_duration_seconds: number | null;
  elevation_gain_meters: number;
  difficulty: CourseDifficulty;
}

export interface CourseListItem extends CourseCard {
  tags: string[];
  creator: CourseCreator;
  stats: { total_runs: number; unique_runners: number; avg_pace_seconds_per_km: number | null };
  created_at: Date;
  distance_from_user_meters: number | null;
  like_count: number;
  avg_rating: number | null;
  my_best_duration_seconds: number | null;
  active_runners: number;
}

export interface NearbyCourse extends CourseCard {
  total_runs: number;
  avg_pace_seconds_per_km: number | null;
  creator_nickname: string | null;
  distance_from_user_meters: number;
  like_count: number;
  avg_rating: number | null;
  active_runners: number;
}

export interface CourseMarker {
  id: string;
  title: string;
  start_lat: number;
  start_lng: number;
  distance_meters: number;
  total_runs: number;
  difficulty: CourseDifficulty;
  avg_rating: number | null;
  active_runners: number;
  is_new: boolean;
  elevation_gain_meters: number;
  creator_nickname: string | null;
}

export const COURSE_SORTS = ['newest', 'popular', 'rating', 'distance', 'distance_from_user'] as const;
export type CourseSort = (typeof COURSE_SORTS)[number];

export interface CourseListQuery {
  search?: string;
  minDistance?: number;
  maxDistance?: number;
  near?: { lat: number; lng: number; radiusMeters: number };
  sort: CourseSort;
  order: 'asc' | 'desc';
  page: number;
  perPage: number;
}

export interface Viewport {
  swLat: number;
  swLng: number;
  neLat: number;
  neLng: number;
}

/** `PATCH /courses/{id}/route` answer (contract §4 plus the revision and the new difficulty). */
export interface RouteCorrection {
  id: string;
  distance_meters: number;
  corrected: true;
  /** how many times the line has been corrected; the re-judging job of this correction carries it */
  route_revision: number;
  difficulty: CourseDifficulty | null;
  /** set when the corrected line passes through one of the creator's privacy zones */
  privacy_warning: PrivacyWarning | null;
}
