import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page } from '@runvs/common';
import {
  AccountDeletionService,
  type FollowStatus,
  type ProfileResponse,
  type PublicProfileResponse,
  type SocialCounts,
  type UserResponse,
  type UserSearchItem,
  UsersService,
} from '@runvs/identity';
import {
  type AnalyticsResponse,
  type MyCourseItem,
  type RunHistoryItem,
  RunnerStatsService,
  type UserStats,
  type WeeklyStats,
} from '@runvs/runs';
import { type AuthenticatedUser, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';
import { ProfileSetupDto, ProfileUpdateDto } from './dto/profile.dto';
import { SocialCountsDto } from './dto/social-counts.dto';
import { RunsQueryDto, StatsQueryDto, UserSearchQueryDto, WeeklyGoalDto } from './dto/users-query.dto';
import {
  AccountDeletedDto,
  AnalyticsDto,
  FollowStatusDto,
  MyCourseItemDto,
  ProfileDto,
  PublicProfileDto,
  RunHistoryPageDto,
  UserDto,
  UserSearchPageDto,
  UserStatsDto,
  WeeklyGoalSetDto,
  WeeklyStatsDto,
} from './dto/users-response.dto';

/**
 * /users: my account (always the caller's own data: no route takes another user's id for
 * private data) and public profiles. `me` routes are declared before `:id` ones.
 */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly stats: RunnerStatsService,
    private readonly accounts: AccountDeletionService,
  ) {}

  @Get('me')
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponse> {
    return this.users.me(user.id);
  }

  @Post('me/profile')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ProfileDto })
  @ApiErrors([409, 'DUPLICATE_NICKNAME'], 422)
  setUpProfile(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ProfileSetupDto,
  ): Promise<ProfileResponse> {
    return this.users.setUpProfile(user.id, body);
  }

  @Patch('me/profile')
  @ApiOkResponse({ type: ProfileDto })
  @ApiErrors([409, 'DUPLICATE_NICKNAME'], [422, 'VALIDATION_ERROR (a bad field, an unknown time zone)'])
  updateProfile(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ProfileUpdateDto,
  ): Promise<ProfileResponse> {
    return this.users.updateProfile(user.id, body);
  }

  @Get('me/stats')
  @ApiOkResponse({ type: UserStatsDto })
  @ApiErrors(422)
  myStats(@CurrentUser() user: AuthenticatedUser, @Query() query: StatsQueryDto): Promise<UserStats> {
    return this.stats.userStats(user.id, query.period);
  }

  @Get('me/stats/weekly')
  @ApiOkResponse({ type: WeeklyStatsDto })
  myWeeklyStats(@CurrentUser() user: AuthenticatedUser): Promise<WeeklyStats> {
    return this.stats.weekly(user.id);
  }

  @Get('me/analytics')
  @ApiOkResponse({ type: AnalyticsDto })
  myAnalytics(@CurrentUser() user: AuthenticatedUser): Promise<AnalyticsResponse> {
    return this.stats.analytics(user.id);
  }

  @Get('me/runs')
  @ApiOkResponse({ type: RunHistoryPageDto })
  @ApiErrors(422)
  myRuns(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: RunsQueryDto,
  ): Promise<Page<RunHistoryItem>> {
    return this.stats.runs(user.id, query.toQuery());
  }

  @Get('me/courses')
  @ApiOkResponse({ type: [MyCourseItemDto], description: 'the courses I created, newest first' })
  myCourses(@CurrentUser() user: AuthenticatedUser): Promise<MyCourseItem[]> {
    return this.stats.myCourses(user.id);
  }

  @Patch('me/weekly-goal')
  @ApiOkResponse({ type: WeeklyGoalSetDto })
  @ApiErrors(422)
  setWeeklyGoal(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: WeeklyGoalDto,
  ): Promise<{ weekly_goal_km: number }> {
    return this.users.setWeeklyGoal(user.id, body.goal_km);
  }

  /** Runners by nickname; open without a token, like the reference. */
  @Get('search')
  @OptionalAuth()
  @ApiOkResponse({ type: UserSearchPageDto })
  @ApiErrors(422)
  search(@Query() query: UserSearchQueryDto): Promise<Page<UserSearchItem>> {
    return this.users.search(query.q, { page: query.page, perPage: query.per_page });
  }

  @Get('me/social-counts')
  @ApiOkResponse({ type: SocialCountsDto })
  @ApiErrors(401, 403)
  mySocialCounts(@CurrentUser() user: AuthenticatedUser): Promise<SocialCounts> {
    return this.users.mySocialCounts(user.id);
  }

  /** Deletes my account and everything of it (alias /users/me/account). */
  @Delete(['me', 'me/account'])
  @HttpCode(200)
  @ApiOkResponse({ type: AccountDeletedDto })
  deleteAccount(@CurrentUser() user: AuthenticatedUser): Promise<{ deleted: true }> {
    return this.accounts.deleteAccount(user.id);
  }

  @Get([':id', ':id/profile'])
  @ApiOkResponse({ type: PublicProfileDto })
  @ApiErrors([404, 'NOT_FOUND: no such user'], 422)
  profile(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
  ): Promise<PublicProfileResponse> {
    return this.users.publicProfile(user.id, id);
  }

  @Get(':id/social-counts')
  @ApiOkResponse({ type: SocialCountsDto })
  @ApiErrors(401, 403, [404, 'NOT_FOUND: no such user'], 422)
  socialCounts(@UuidParam('id') id: string): Promise<SocialCounts> {
    return this.users.socialCounts(id);
  }

  @Get(':id/follow-status')
  @ApiOkResponse({ type: FollowStatusDto })
  @ApiErrors([404, 'NOT_FOUND: no such user'], 422)
  followStatus(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<FollowStatus> {
    return this.users.followStatus(user.id, id);
  }
}
