import { Global, Module } from '@nestjs/common';
import { LiveAudienceRepository } from './live-audience.repository';
import { LivePublisher } from './live.publisher';

/** Live events (publishing side, and the audience lookup the api's socket hub uses). Global. */
@Global()
@Module({
  providers: [LivePublisher, LiveAudienceRepository],
  exports: [LivePublisher, LiveAudienceRepository],
})
export class LiveModule {}
