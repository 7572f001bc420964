export { EventCourseDeletionService } from './event-course-deletion.service';
export { EventProgressService, type NewlyCompleted } from './event-progress.service';
export { EventRemindersService } from './event-reminders.service';
export { EventsModule } from './events.module';
export {
  DEFAULT_BADGE_COLOR,
  DEFAULT_BADGE_ICON,
  EVENT_LIMITS,
  EVENT_REMINDER_LEAD_MINUTES,
  EVENT_TYPES,
} from './events.rules';
export { EventsService } from './events.service';
export type {
  CreateEventInput,
  EventActor,
  EventListQuery,
  EventMarker,
  EventResponse,
  JoinResponse,
  ParticipantItem,
  UpdateEventInput,
  Viewport,
} from './events.types';
