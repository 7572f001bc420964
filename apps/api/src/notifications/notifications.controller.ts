import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DeviceTokensService, InboxService, type InboxPage } from '@runvs/notifications';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UuidParam } from '../common/uuid-param';
import { ApiErrors } from '../common/api-responses';
import { CountDto } from '../social/dto/friends.dto';
import { RegisterDeviceTokenDto, UnregisterDeviceTokenDto } from './dto/device-token.dto';
import { InboxPageDto, StatusOkDto } from './dto/inbox-response.dto';

/** /notifications: push device tokens and the caller's in-app inbox. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly inbox: InboxService,
    private readonly devices: DeviceTokensService,
  ) {}

  @Post('token')
  @HttpCode(201)
  @ApiCreatedResponse({ type: StatusOkDto, description: 'registered (or moved to me from another account)' })
  @ApiErrors(422)
  async registerToken(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: RegisterDeviceTokenDto,
  ): Promise<{ status: 'ok' }> {
    await this.devices.register(user.id, { deviceToken: body.device_token, platform: body.platform });
    return { status: 'ok' };
  }

  @Delete('token')
  @HttpCode(200)
  @ApiOkResponse({ type: StatusOkDto, description: 'removed (also when unknown)' })
  @ApiErrors(422)
  async unregisterToken(@Body() body: UnregisterDeviceTokenDto): Promise<{ status: 'ok' }> {
    await this.devices.unregister(body.device_token);
    return { status: 'ok' };
  }

  @Get()
  @ApiOkResponse({ type: InboxPageDto, description: 'newest first' })
  @ApiErrors(422)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: PaginationQueryDto): Promise<InboxPage> {
    return this.inbox.list(user.id, query.toPageRequest());
  }

  @Get('unread-count')
  @ApiOkResponse({ type: CountDto })
  unreadCount(@CurrentUser() user: AuthenticatedUser): Promise<{ count: number }> {
    return this.inbox.unreadCount(user.id);
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'every notification of mine is read' })
  async markAllRead(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.inbox.markAllRead(user.id);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'read' })
  @ApiErrors([404, 'NOT_FOUND: no such notification of mine'], 422)
  async markRead(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    await this.inbox.markRead(user.id, id);
  }
}
