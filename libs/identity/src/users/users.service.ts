import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheScopes, CacheService } from '@runvs/cache';
import { DomainError, notFound, type Page, type PageRequest, toPage } from '@runvs/common';
import { isUniqueViolation } from '@runvs/database';
import { routePreview, runnerLevel } from '@runvs/geo';
import { ObjectStorage } from '@runvs/storage';
import { DataSource } from 'typeorm';
import { type TimeZoneChangeHook, TimeZoneChangeHookProvider } from './time-zone-change.hook';
import { duplicateNickname, nicknameTaken } from './user-creation';
import { type ProfileField, type UserRow, UsersRepository } from './users.repository';
import type {
  FollowStatus,
  ProfileResponse,
  ProfileSetup,
  ProfileUpdate,
  PublicProfileResponse,
  SocialCounts,
  UserResponse,
  UserSearchItem,
} from './users.types';

/** Fields an explicit null clears on PATCH; for the others a null means "leave as is". */
const NULL_CLEARS: ReadonlySet<ProfileField> = new Set(['gender', 'country', 'crew_name']);
const PUBLIC_COURSES_SHOWN = 10;
/**
 * `GET /users/me` is cached under the user's scope, which every writer of what it shows bumps after
 * its commit (profile writes here, totals in the runs pipeline and run deletion): the TTL only
 * bounds memory, not staleness.
 */
const ME_CACHE_SECONDS = 300;
const TOP_RANKINGS_SHOWN = 5;

/** Profiles (mine and others'), social counts. Other users only ever see public fields. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly storage: ObjectStorage,
    private readonly cache: CacheService,
    private readonly discovery: DiscoveryService,
  ) {}

  private discoveredTimeZoneHooks: TimeZoneChangeHook[] | undefined;

  /** Providers marked with @TimeZoneChangeHookProvider() anywhere in the app (the runs domain's streak). */
  private timeZoneHooks(): TimeZoneChangeHook[] {
    this.discoveredTimeZoneHooks ??= this.discovery
      .getProviders({ metadataKey: TimeZoneChangeHookProvider.KEY })
      .map((wrapper) => wrapper.instance as TimeZoneChangeHook | undefined)
      .filter((hook): hook is TimeZoneChangeHook => typeof hook?.afterTimeZoneChange === 'function');
    return this.discoveredTimeZoneHooks;
  }

  async me(userId: string): Promise<UserResponse> {
    return this.cache.getOrLoadScoped(
      [CacheScopes.user(userId)],
      this.cache.key('me', userId),
      ME_CACHE_SECONDS,
      async () => toUserResponse(await this.load(userId)),
    );
  }

  /** First-time setup (onboarding): nickname required, a few optional fields. */
  async setUpProfile(userId: string, setup: ProfileSetup): Promise<ProfileResponse> {
    const values: Partial<Record<ProfileField, unknown>> = { nickname: setup.nickname };
    for (const field of ['avatar_url', 'country', 'activity_region'] as const) {
      if (setup[field] != null) values[field] = setup[field];
    }
    return this.write(userId, values);
  }

  async updateProfile(userId: string, update: ProfileUpdate): Promise<ProfileResponse> {
    const values: Partial<Record<ProfileField, unknown>> = {};
    for (const [field, value] of Object.entries(update) as Array<[ProfileField, unknown]>) {
      if (value === undefined) continue;
      if (value === null && !NULL_CLEARS.has(field)) continue;
      values[field] = value;
    }
    return this.write(userId, values);
  }

  async publicProfile(viewerId: string, userId: string): Promise<PublicProfileResponse> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound('User');
    const [counts, isFollowing, likes, courses, rankings] = await Promise.all([
      this.users.followCounts(userId),
      viewerId === userId ? Promise.resolve(false) : this.users.isFollowing(viewerId, userId),
      this.users.likesReceived(userId, true),
      this.users.publicCourses(userId, PUBLIC_COURSES_SHOWN),
      this.users.topRankings(userId, TOP_RANKINGS_SHOWN),
    ]);
    return {
      id: user.id,
      user_code: user.user_code,
      nickname: user.nickname,
      avatar_url: user.avatar_url,
      bio: user.bio,
      instagram_username: user.instagram_username,
      activity_region: user.activity_region,
      country: user.country,
      crew_name: user.crew_name,
      runner_level: runnerLevel(user.total_distance_meters),
      total_distance_meters: user.total_distance_meters,
      total_runs: user.total_runs,
      total_points: user.total_points,
      total_likes_received: likes,
      created_at: user.created_at.toISOString(),
      ...counts,
      is_following: isFollowing,
      courses: courses.map((course) => ({
        id: course.id,
        title: course.title,
        distance_meters: course.distance_meters,
        thumbnail_url: course.thumbnail_url,
        route_preview: Array.isArray(course.route_preview)
          ? (course.route_preview as Array<[number, number]>)
          : routePreview(course.route_geojson?.coordinates as Array<[number, number]> | undefined),
        total_runs: course.total_runs,
        like_count: course.like_count,
      })),
      top_rankings: rankings,
      primary_gear: null,
      gear_items: [],
    };
  }

  /** Finds runners by nickname (contract §3 extra `GET /users/search`). */
  async search(query: string, page: PageRequest): Promise<Page<UserSearchItem>> {
    const { rows, total } = await this.users.searchByNickname(query, page.perPage, page.page * page.perPage);
    return toPage(rows, total, page);
  }

  /** The weekly distance goal shown by analytics (1–500 km). */
  async setWeeklyGoal(userId: string, goalKm: number): Promise<{ weekly_goal_km: number }> {
    const stored = await this.users.setWeeklyGoal(userId, goalKm);
    if (stored === null) throw notFound('User');
    return { weekly_goal_km: stored };
  }

  /** My counts: likes over all my courses, private ones included. */
  /** My counts: likes and courses over all my courses, private ones too. */
  async mySocialCounts(userId: string): Promise<SocialCounts> {
    return this.counts(userId, false);
  }

  /** Anyone's counts: likes and courses over their visible public courses only. */
  async socialCounts(userId: string): Promise<SocialCounts> {
    if (!(await this.users.exists(userId))) throw notFound('User');
    return this.counts(userId, true);
  }

  private async counts(userId: string, publicOnly: boolean): Promise<SocialCounts> {
    const [follows, likes, courses] = await Promise.all([
      this.users.followCounts(userId),
      this.users.likesReceived(userId, publicOnly),
      this.users.coursesCount(userId, publicOnly),
    ]);
    return { ...follows, total_likes_received: likes, courses_count: courses };
  }

  async followStatus(viewerId: string, userId: string): Promise<FollowStatus> {
    if (!(await this.users.exists(userId))) throw notFound('User');
    const [counts, isFollowing] = await Promise.all([
      this.users.followCounts(userId),
      this.users.isFollowing(viewerId, userId),
    ]);
    return { is_following: isFollowing, ...counts };
  }

  private async load(userId: string): Promise<UserRow> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound('User');
    return user;
  }

  private async write(
    userId: string,
    values: Partial<Record<ProfileField, unknown>>,
  ): Promise<ProfileResponse> {
    if (typeof values.avatar_url === 'string') this.checkAvatarUrl(userId, values.avatar_url);
    if (typeof values.time_zone === 'string') await this.checkTimeZone(values.time_zone);
    const user = await this.dataSource.transaction(async (manager) => {
      const nickname = values.nickname;
      if (typeof nickname === 'string' && (await nicknameTaken(manager, nickname, userId))) {
        throw duplicateNickname();
      }
      const zoneBefore =
        typeof values.time_zone === 'string' ? await this.users.timeZone(manager, userId) : null;
      let updated: UserRow | null;
      try {
        updated = await this.users.update(manager, userId, values);
      } catch (error) {
        if (isUniqueViolation(error, 'uq_users_nickname_lower')) throw duplicateNickname();
        throw error;
      }
      // Local dates counted in the old zone (the daily streak) are recounted in the new one.
      if (updated && zoneBefore !== null && updated.time_zone !== zoneBefore) {
        for (const hook of this.timeZoneHooks()) await hook.afterTimeZoneChange(userId, manager);
      }
      return updated;
    });
    await this.cache.invalidate(CacheScopes.user(userId));
    if (!user) throw notFound('User');
    return toProfileResponse(user);
  }

  /** Statistics are grouped by PostgreSQL in this zone, so PostgreSQL must know it too. */
  private async checkTimeZone(timeZone: string): Promise<void> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM pg_timezone_names WHERE name = $1`, [
      timeZone,
    ])) as unknown[];
    if (rows.length === 0) {
      throw new DomainError('VALIDATION_ERROR', `Unknown time zone ${timeZone}.`, {
        fields: [
          { field: 'time_zone', messages: ['time_zone must be an IANA time zone such as Asia/Seoul'] },
        ],
      });
    }
  }

  /**
   * An avatar must be one of the caller's own uploads (POST /uploads/avatar): a picture hosted
   * anywhere else would let its host see every viewer's address, and another user's upload is
   * not theirs to wear.
   */
  private checkAvatarUrl(userId: string, url: string): void {
    const key = this.storage.keyOfUrl(url);
    if (key === null || !key.startsWith(`avatars/${userId}/`)) {
      throw new DomainError(
        'VALIDATION_ERROR',
        'avatar_url must be a URL returned by POST /uploads/avatar.',
        {
          fields: [{ field: 'avatar_url', messages: ['avatar_url must be one of your uploaded avatars'] }],
        },
      );
    }
  }
}

export function toUserResponse(user: UserRow): UserResponse {
  return {
    id: user.id,
    user_code: user.user_code,
    email: user.email,
    nickname: user.nickname,
    avatar_url: user.avatar_url,
    birthday: user.birthday,
    gender: user.gender,
    height_cm: user.height_cm,
    weight_kg: user.weight_kg,
    bio: user.bio,
    instagram_username: user.instagram_username,
    activity_region: user.activity_region,
    country: user.country,
    crew_name: user.crew_name,
    time_zone: user.time_zone,
    total_distance_meters: user.total_distance_meters,
    total_runs: user.total_runs,
    total_points: user.total_points,
    runner_level: runnerLevel(user.total_distance_meters),
    created_at: user.created_at.toISOString(),
  };
}

function toProfileResponse(user: UserRow): ProfileResponse {
  return {
    id: user.id,
    nickname: user.nickname,
    avatar_url: user.avatar_url,
    birthday: user.birthday,
    gender: user.gender,
    height_cm: user.height_cm,
    weight_kg: user.weight_kg,
    bio: user.bio,
    instagram_username: user.instagram_username,
    activity_region: user.activity_region,
    country: user.country,
    crew_name: user.crew_name,
    total_distance_meters: user.total_distance_meters,
    total_runs: user.total_runs,
    created_at: user.created_at.toISOString(),
  };
}
