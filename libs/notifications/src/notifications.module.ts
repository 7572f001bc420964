import { Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service';

/** Writing notifications (inbox row + push job); OutboxService comes from the global QueueModule. */
@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
