import { Module } from '@nestjs/common';
import { NotificationsModule } from '@runvs/notifications';
import { NotificationsController } from './notifications.controller';

@Module({ imports: [NotificationsModule], controllers: [NotificationsController] })
export class NotificationsApiModule {}
