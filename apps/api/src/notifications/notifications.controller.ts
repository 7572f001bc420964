import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DeviceTokensService, InboxService, type InboxPage } from '@runvs/notifications';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UuidParam } from '../common/uuid-param';
import { RegisterDeviceTokenDto, UnregisterDeviceTokenDto } from './dto/device-token.dto';

/** /notifications: push device tokens and the caller's in-app inbox. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly inbox: InboxService,
    private readonly devices: DeviceTokensService,
  ) {}

  @Post('token')
  @HttpCode(201)
  async registerToken(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: RegisterDeviceTokenDto,
  ): Promise<{ status: 'ok' }> {
    await this.devices.register(user.id, { deviceToken: body.device_token, platform: body.platform });
    return { status: 'ok' };
  }

  @Delete('token')
  @HttpCode(200)
  async unregisterToken(@Body() body: UnregisterDeviceTokenDto): Promise<{ status: 'ok' }> {
    await this.devices.unregister(body.device_token);
    return { status: 'ok' };
  }

  @Get()
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: PaginationQueryDto): Promise<InboxPage> {
    return this.inbox.list(user.id, query.toPageRequest());
  }

  @Get('unread-count')
  unreadCount(@CurrentUser() user: AuthenticatedUser): Promise<{ count: number }> {
    return this.inbox.unreadCount(user.id);
  }

  @Post('read-all')
  @HttpCode(204)
  async markAllRead(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.inbox.markAllRead(user.id);
  }

  @Post(':id/read')
  @HttpCode(204)
  async markRead(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    await this.inbox.markRead(user.id, id);
  }
}
