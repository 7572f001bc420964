import { Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  type FriendPage,
  type FriendRequestItem,
  type FriendRequestPage,
  FriendsService,
  type FriendshipStatus,
} from '@runvs/social';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UuidParam } from '../common/uuid-param';
import {
  CountDto,
  FriendPageDto,
  FriendRequestDto,
  FriendRequestPageDto,
  FriendshipStatusDto,
} from './dto/friends.dto';

/**
 * Friends by request (the app's friend screens): mutual, beside one-way follows. Fixed
 * `friend-requests/…` paths are declared before `friend-requests/:id`.
 */
@ApiTags('friends')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class FriendsController {
  constructor(private readonly friends: FriendsService) {}

  @Get('friend-requests/received')
  @ApiOkResponse({ type: FriendRequestPageDto, description: 'pending requests sent to me, newest first' })
  @ApiErrors(422)
  received(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<FriendRequestPage> {
    return this.friends.received(user.id, query.toPageRequest());
  }

  @Get('friend-requests/sent')
  @ApiOkResponse({ type: FriendRequestPageDto, description: 'my pending requests, newest first' })
  @ApiErrors(422)
  sent(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<FriendRequestPage> {
    return this.friends.sent(user.id, query.toPageRequest());
  }

  @Get('friend-requests/pending-count')
  @ApiOkResponse({ type: CountDto, description: 'number of pending requests sent to me' })
  pendingCount(@CurrentUser() user: AuthenticatedUser): Promise<{ count: number }> {
    return this.friends.pendingCount(user.id);
  }

  /** Sends a request; when that user already asked me, accepts theirs (status `accepted`). */
  @Post('friend-requests/:user_id')
  @HttpCode(201)
  @ApiCreatedResponse({ type: FriendRequestDto })
  @ApiErrors(
    [403, 'USER_BLOCKED: either side blocked the other'],
    [404, 'NOT_FOUND: no such user'],
    [409, 'FRIEND_REQUEST_EXISTS (already sent) / ALREADY_FRIENDS'],
    [422, 'SELF_FRIEND_REQUEST / VALIDATION_ERROR (user_id not a UUID)'],
  )
  request(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('user_id') userId: string,
  ): Promise<FriendRequestItem> {
    return this.friends.request(user.id, userId);
  }

  @Patch('friend-requests/:id/accept')
  @ApiOkResponse({ type: FriendRequestDto })
  @ApiErrors(
    [403, 'FORBIDDEN: only the recipient accepts / USER_BLOCKED'],
    [404, 'NOT_FOUND: no such request of mine'],
    [409, 'FRIEND_REQUEST_NOT_PENDING'],
    422,
  )
  accept(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<FriendRequestItem> {
    return this.friends.accept(user.id, id);
  }

  @Patch('friend-requests/:id/decline')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'declined (the request is removed, the sender is not told)' })
  @ApiErrors(
    [403, 'FORBIDDEN: only the recipient declines'],
    [404, 'NOT_FOUND: no such request of mine'],
    [409, 'FRIEND_REQUEST_NOT_PENDING'],
    422,
  )
  async decline(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    await this.friends.decline(user.id, id);
  }

  @Delete('friend-requests/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the sender cancelled the pending request' })
  @ApiErrors(
    [403, 'FORBIDDEN: only the sender cancels'],
    [404, 'NOT_FOUND: no such request of mine'],
    [409, 'FRIEND_REQUEST_NOT_PENDING'],
    422,
  )
  async cancel(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    await this.friends.cancel(user.id, id);
  }

  @Get('friends')
  @ApiOkResponse({ type: FriendPageDto, description: 'my friends, most recent friendship first' })
  @ApiErrors(422)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: PaginationQueryDto): Promise<FriendPage> {
    return this.friends.friends(user.id, query.toPageRequest());
  }

  @Delete('friends/:user_id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'friendship ended' })
  @ApiErrors([404, 'NOT_FOUND: we are not friends'], 422)
  async unfriend(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('user_id') userId: string,
  ): Promise<void> {
    await this.friends.unfriend(user.id, userId);
  }

  @Get('users/:id/friendship-status')
  @ApiOkResponse({ type: FriendshipStatusDto })
  @ApiErrors([404, 'NOT_FOUND: no such user'], 422)
  status(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<FriendshipStatus> {
    return this.friends.status(user.id, id);
  }
}
