import { Module } from '@nestjs/common';
import { IdentityModule } from '@runvs/identity';
import { NotificationsModule } from '@runvs/notifications';
import { LiveAuthenticator } from './live-auth';
import { LiveGateway } from './live.gateway';
import { LiveHub } from './live-hub';

/** The live socket at /ws (LiveGateway) fed by Redis pub/sub (LiveHub). */
@Module({
  imports: [NotificationsModule, IdentityModule],
  providers: [LiveAuthenticator, LiveHub, LiveGateway],
})
export class LiveApiModule {}
