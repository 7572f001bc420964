import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type ActivityFeed,
  ActivityFeedService,
  type FollowItem,
  type FollowPage,
  FollowsService,
  type FriendRunning,
  type UserByCode,
} from '@runvs/social';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UuidParam } from '../common/uuid-param';
import { ApiErrors } from '../common/api-responses';
import {
  ActivityFeedDto,
  FollowItemDto,
  FollowPageDto,
  FriendsRunningDto,
  UserByCodeDto,
} from './dto/follows-response.dto';
import { ActivityFeedQueryDto, FollowByCodeDto } from './dto/social.dto';

/**
 * Follows at the client paths (/users/{id}/follow, /users/{id}/followers…, /follows/activity-feed)
 * and the seed paths (/follows/{id}, /follows/followers, /follows/feed). Fixed `follows/…` paths are
 * declared before `follows/:id`.
 */
@ApiTags('follows')
@Controller()
export class FollowsController {
  constructor(
    private readonly follows: FollowsService,
    private readonly feed: ActivityFeedService,
  ) {}

  @Post('follows/by-code')
  @HttpCode(201)
  @ApiCreatedResponse({ type: FollowItemDto })
  @ApiErrors(
    [403, 'USER_BLOCKED: either side blocked the other'],
    [404, 'NOT_FOUND: no such user'],
    [409, 'ALREADY_FOLLOWING'],
    [422, 'SELF_FOLLOW / VALIDATION_ERROR'],
  )
  followByCode(@CurrentUser() user: AuthenticatedUser, @Body() body: FollowByCodeDto): Promise<FollowItem> {
    return this.follows.followByCode(user.id, body.user_code);
  }

  @Get('follows/search-by-code/:code')
  @ApiOkResponse({ type: UserByCodeDto })
  @ApiErrors([404, 'NOT_FOUND: no user with this code'])
  searchByCode(@CurrentUser() user: AuthenticatedUser, @Param('code') code: string): Promise<UserByCode> {
    return this.follows.findByCode(user.id, code);
  }

  @Get(['follows/activity-feed', 'follows/feed'])
  @ApiOkResponse({ type: ActivityFeedDto, description: 'newest first, by cursor' })
  @ApiErrors([422, 'VALIDATION_ERROR (a bad limit or cursor)'])
  activityFeed(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ActivityFeedQueryDto,
  ): Promise<ActivityFeed> {
    return this.feed.feed(user.id, query.limit, query.cursor);
  }

  @Get('follows/friends-running')
  @ApiOkResponse({ type: FriendsRunningDto, description: 'runners I follow with a session open now' })
  async friendsRunning(@CurrentUser() user: AuthenticatedUser): Promise<{ data: FriendRunning[] }> {
    return { data: await this.follows.friendsRunning(user.id) };
  }

  /** My followers (seed path). */
  @Get('follows/followers')
  @ApiOkResponse({ type: FollowPageDto })
  @ApiErrors(422)
  myFollowers(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<FollowPage> {
    return this.follows.followers(user.id, query.toPageRequest());
  }

  /** The people I follow (seed path). */
  @Get('follows/following')
  @ApiOkResponse({ type: FollowPageDto })
  @ApiErrors(422)
  myFollowing(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<FollowPage> {
    return this.follows.following(user.id, query.toPageRequest());
  }

  @Post(['users/:id/follow', 'follows/:id'])
  @HttpCode(201)
  @ApiCreatedResponse({ type: FollowItemDto })
  @ApiErrors(
    [403, 'USER_BLOCKED: either side blocked the other'],
    [404, 'NOT_FOUND: no such user'],
    [409, 'ALREADY_FOLLOWING'],
    [422, 'SELF_FOLLOW / VALIDATION_ERROR'],
  )
  follow(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<FollowItem> {
    return this.follows.follow(user.id, id);
  }

  @Delete(['users/:id/follow', 'follows/:id'])
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'unfollowed' })
  @ApiErrors([404, 'NOT_FOUND: I do not follow this user'], 422)
  async unfollow(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    await this.follows.unfollow(user.id, id);
  }

  @Get('users/:id/followers')
  @ApiOkResponse({ type: FollowPageDto })
  @ApiErrors([404, 'NOT_FOUND: no such user'], 422)
  followers(@UuidParam('id') id: string, @Query() query: PaginationQueryDto): Promise<FollowPage> {
    return this.follows.followers(id, query.toPageRequest());
  }

  @Get('users/:id/following')
  @ApiOkResponse({ type: FollowPageDto })
  @ApiErrors([404, 'NOT_FOUND: no such user'], 422)
  following(@UuidParam('id') id: string, @Query() query: PaginationQueryDto): Promise<FollowPage> {
    return this.follows.following(id, query.toPageRequest());
  }
}
