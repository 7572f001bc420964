import { Module } from '@nestjs/common';
import { NotificationsModule } from '@runvs/notifications';
import { LiveAuthenticator } from './live-auth';
import { LiveGateway } from './live.gateway';
import { LiveHub } from './live-hub';

/** The live socket at /ws (LiveGateway) fed by Redis pub/sub (LiveHub). */
@Module({
  imports: [NotificationsModule],
  providers: [LiveAuthenticator, LiveHub, LiveGateway],
})
export class LiveApiModule {}
