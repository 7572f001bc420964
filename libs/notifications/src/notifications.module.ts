import { Module } from '@nestjs/common';
import { DeviceTokensService } from './device-tokens.service';
import { InboxService } from './inbox.service';
import { NotificationsService } from './notifications.service';

/** Writing notifications (inbox row + push job); OutboxService comes from the global QueueModule. */
@Module({
  providers: [NotificationsService, InboxService, DeviceTokensService],
  exports: [NotificationsService, InboxService, DeviceTokensService],
})
export class NotificationsModule {}
