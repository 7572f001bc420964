export { type AdminBootstrapResult, type AdminTarget, createOrPromoteAdmin } from './admin-bootstrap';
export { AdminContentService } from './admin-content.service';
export { AdminModule } from './admin.module';
export { AdminPipelineService } from './admin-pipeline.service';
export { AdminReportsService } from './admin-reports.service';
export { AdminRunsService } from './admin-runs.service';
export { AdminUsersService } from './admin-users.service';
export { BanAppealsService } from './ban-appeals.service';
export type {
  AdminBanAppealItem,
  AdminCourseItem,
  AdminCourseQuery,
  AdminUserItem,
  AdminUserQuery,
  BanAppealDecision,
  BanAppealQuery,
  BanAppealStatus,
  BanAppealView,
  FlaggedRunItem,
  FlagReviewFilter,
  PipelineFailureItem,
  PipelineRedriveResult,
  ReportItem,
  ReportQuery,
} from './admin.types';
