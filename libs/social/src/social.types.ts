/** A user as social lists show them. */
export interface UserSummary {
  id: string;
  nickname: string | null;
  avatar_url: string | null;
}

/** `POST /users/{id}/follow` answer and follower/following list entries (user = the other side). */
export interface FollowItem {
  id: string;
  user: UserSummary;
  created_at: Date;
}

export interface FollowPage {
  data: FollowItem[];
  total_count: number;
  has_next: boolean;
}

export type ActivityType = 'run_completed' | 'course_created';

/** One entry of the friends' activity feed (contract §8); fields of the other type are null. */
export interface ActivityFeedItem {
  type: ActivityType;
  user_id: string;
  nickname: string | null;
  avatar_url: string | null;
  run_id: string | null;
  distance_meters: number | null;
  duration_seconds: number | null;
  avg_pace_seconds_per_km: number | null;
  /** The course the run was on (run items). */
  course_title: string | null;
  course_id: string | null;
  /** The created course's title and length (course items). */
  course_title_created: string | null;
  course_distance_meters: number | null;
  /**
   * Run items: the run's preview line ([lng, lat], ≤ ~31 points) as pieces, cut out of the runner's
   * privacy zones (one piece when nothing was cut, [] when all of it was inside); null otherwise.
   */
  route_preview_segments: Array<Array<[number, number]>> | null;
  created_at: Date;
}

export interface ActivityFeed {
  data: ActivityFeedItem[];
  /** Pass as `cursor` to get the next (older) items; null at the end. */
  next_cursor: string | null;
}

export interface FriendRunning {
  user_id: string;
  nickname: string | null;
  avatar_url: string | null;
  session_id: string;
  started_at: Date;
  course_id: string | null;
  course_title: string | null;
}

export interface UserByCode {
  id: string;
  user_code: string;
  nickname: string | null;
  avatar_url: string | null;
  bio: string | null;
  total_distance_meters: number;
  total_runs: number;
  is_following: boolean;
}

/** Contract §7 ReviewResponse. */
export interface ReviewResponse {
  id: string;
  course_id: string;
  rating: number | null;
  content: string | null;
  author: UserSummary;
  created_at: Date;
  updated_at: Date;
  creator_reply: string | null;
  creator_reply_at: Date | null;
}

export interface ReviewPage {
  data: ReviewResponse[];
  total_count: number;
  has_next: boolean;
  /** Mean of the ratings given (1 decimal), null when nobody rated. */
  avg_rating: number | null;
}

export interface ReviewInput {
  rating?: number | null;
  content?: string | null;
}

export interface LikeState {
  is_liked: boolean;
  like_count: number;
}

export interface FavoriteState {
  is_favorited: boolean;
  favorite_count: number;
}

/** `GET /favorites/courses` entry (contract §9). */
export interface FavoriteCourse {
  id: string;
  title: string;
  thumbnail_url: string | null;
  route_preview: Array<[number, number]> | null;
  distance_meters: number;
  estimated_duration_seconds: number;
  creator_nickname: string;
  favorited_at: Date;
}

export type FriendRequestStatus = 'pending' | 'accepted';

/** A friend request (contract: issue 16): users on both sides, pending or accepted. */
export interface FriendRequestItem {
  id: string;
  requester: UserSummary;
  recipient: UserSummary;
  status: FriendRequestStatus;
  created_at: Date;
}

export interface FriendRequestPage {
  data: FriendRequestItem[];
  total_count: number;
  has_next: boolean;
}

/** `GET /friends` entry: the friendship id, the friend, and since when. */
export interface FriendItem {
  id: string;
  user: UserSummary;
  since: Date;
}

export interface FriendPage {
  data: FriendItem[];
  total_count: number;
  has_next: boolean;
}

export type FriendRequestState = 'pending_sent' | 'pending_received' | 'accepted';

/** `GET /users/{id}/friendship-status`: my relation to the user, and their number of friends. */
export interface FriendshipStatus {
  is_friend: boolean;
  request_status: FriendRequestState | null;
  friends_count: number;
}
