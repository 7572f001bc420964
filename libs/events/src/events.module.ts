import { Module } from '@nestjs/common';
import { EventProgressService } from './event-progress.service';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** Group challenges: events, participation and progress. */
@Module({
  providers: [EventsRepository, EventsService, EventProgressService],
  exports: [EventsService, EventProgressService],
})
export class EventsModule {}
