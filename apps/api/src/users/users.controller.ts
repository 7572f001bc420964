import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

/**
 * /users: my account (always the caller's own data: no route takes another user's id for
 * private data) and public profiles. `me` routes are declared before `:id` ones.
 */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly stats: RunnerStatsService,
    private readonly accounts: AccountDeletionService,
  ) {}

  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponse> {
    return this.users.me(user.id);
  }

  @Post('me/profile')
  @HttpCode(201)
  setUpProfile(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ProfileSetupDto,
  ): Promise<ProfileResponse> {
    return this.users.setUpProfile(user.id, body);
  }

  @Patch('me/profile')
  updateProfile(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ProfileUpdateDto,
  ): Promise<ProfileResponse> {
    return this.users.updateProfile(user.id, body);
  }

  @Get('me/stats')
  myStats(@CurrentUser() user: AuthenticatedUser, @Query() query: StatsQueryDto): Promise<UserStats> {
    return this.stats.userStats(user.id, query.period);
  }

  @Get('me/stats/weekly')
  myWeeklyStats(@CurrentUser() user: AuthenticatedUser): Promise<WeeklyStats> {
    return this.stats.weekly(user.id);
  }

  @Get('me/analytics')
  myAnalytics(@CurrentUser() user: AuthenticatedUser): Promise<AnalyticsResponse> {
    return this.stats.analytics(user.id);
  }

  @Get('me/runs')
  myRuns(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: RunsQueryDto,
  ): Promise<Page<RunHistoryItem>> {
    return this.stats.runs(user.id, query.toQuery());
  }

  @Get('me/courses')
  myCourses(@CurrentUser() user: AuthenticatedUser): Promise<MyCourseItem[]> {
    return this.stats.myCourses(user.id);
  }

  @Patch('me/weekly-goal')
  setWeeklyGoal(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: WeeklyGoalDto,
  ): Promise<{ weekly_goal_km: number }> {
    return this.users.setWeeklyGoal(user.id, body.goal_km);
  }

  /** Runners by nickname; open without a token, like the reference. */
  @Get('search')
  @OptionalAuth()
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
  deleteAccount(@CurrentUser() user: AuthenticatedUser): Promise<{ deleted: true }> {
    return this.accounts.deleteAccount(user.id);
  }

  @Get([':id', ':id/profile'])
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
  followStatus(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<FollowStatus> {
    return this.users.followStatus(user.id, id);
  }
}
