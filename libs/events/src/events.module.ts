import { Module } from '@nestjs/common';
import { NotificationsModule } from '@runvs/notifications';
import { EventCourseDeletionService } from './event-course-deletion.service';
import { EventProgressService } from './event-progress.service';
import { EventRemindersService } from './event-reminders.service';
import { EventParticipantsRepository } from './event-participants.repository';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

/** Group challenges: events, participation and progress. */
@Module({
  imports: [NotificationsModule],
  providers: [
    EventsRepository,
    EventParticipantsRepository,
    EventsService,
    EventProgressService,
    EventRemindersService,
    EventCourseDeletionService,
  ],
  exports: [EventsService, EventProgressService, EventRemindersService, EventCourseDeletionService],
})
export class EventsModule {}
