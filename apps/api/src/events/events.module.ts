import { Module } from '@nestjs/common';
import { EventsModule as EventsDomainModule } from '@runvs/events';
import { EventsController } from './events.controller';

@Module({ imports: [EventsDomainModule], controllers: [EventsController] })
export class EventsApiModule {}
