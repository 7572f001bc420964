export { BlocksService } from './blocks.service';
export { ModerationModule } from './moderation.module';
export {
  type BlockedUserItem,
  REPORT_REASONS,
  REPORT_TARGET_TYPES,
  type ReportCreated,
  type ReportInput,
  type ReportReason,
} from './moderation.types';
export { ReportsService } from './reports.service';
