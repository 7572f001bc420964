import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
import { ActivityFeedQueryDto, FollowByCodeDto } from './dto/social.dto';

/**
 * Follows at the client paths (/users/{id}/follow, /users/{id}/followers…, /follows/activity-feed)
 * and the seed paths (/follows/{id}, /follows/followers, /follows/feed). Fixed `follows/…` paths are
 * declared before `follows/:id`.
 */
@ApiTags('follows')
@ApiBearerAuth()
@Controller()
export class FollowsController {
  constructor(
    private readonly follows: FollowsService,
    private readonly feed: ActivityFeedService,
  ) {}

  @Post('follows/by-code')
  @HttpCode(201)
  followByCode(@CurrentUser() user: AuthenticatedUser, @Body() body: FollowByCodeDto): Promise<FollowItem> {
    return this.follows.followByCode(user.id, body.user_code);
  }

  @Get('follows/search-by-code/:code')
  searchByCode(@CurrentUser() user: AuthenticatedUser, @Param('code') code: string): Promise<UserByCode> {
    return this.follows.findByCode(user.id, code);
  }

  @Get(['follows/activity-feed', 'follows/feed'])
  activityFeed(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ActivityFeedQueryDto,
  ): Promise<ActivityFeed> {
    return this.feed.feed(user.id, query.limit, query.cursor);
  }

  @Get('follows/friends-running')
  async friendsRunning(@CurrentUser() user: AuthenticatedUser): Promise<{ data: FriendRunning[] }> {
    return { data: await this.follows.friendsRunning(user.id) };
  }

  /** My followers (seed path). */
  @Get('follows/followers')
  myFollowers(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<FollowPage> {
    return this.follows.followers(user.id, query.toPageRequest());
  }

  /** The people I follow (seed path). */
  @Get('follows/following')
  myFollowing(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<FollowPage> {
    return this.follows.following(user.id, query.toPageRequest());
  }

  @Post(['users/:id/follow', 'follows/:id'])
  @HttpCode(201)
  follow(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<FollowItem> {
    return this.follows.follow(user.id, id);
  }

  @Delete(['users/:id/follow', 'follows/:id'])
  @HttpCode(204)
  async unfollow(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    await this.follows.unfollow(user.id, id);
  }

  @Get('users/:id/followers')
  followers(@UuidParam('id') id: string, @Query() query: PaginationQueryDto): Promise<FollowPage> {
    return this.follows.followers(id, query.toPageRequest());
  }

  @Get('users/:id/following')
  following(@UuidParam('id') id: string, @Query() query: PaginationQueryDto): Promise<FollowPage> {
    return this.follows.following(id, query.toPageRequest());
  }
}
