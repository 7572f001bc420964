export {
  ACTIVITY_TYPES,
  countedActivitySql,
  type CountedRunFacts,
  countedRunSql,
  countsAsRun,
  isActivityType,
  notARunCourseReason,
  runCounts,
  RUNNING_ACTIVITY_TYPES,
} from './activity-type.rules';
export { effortPaceSql } from './course-effort.sql';
export {
  type CourseViewer,
  courseVisibleSql,
  courseVisibleTo,
  type CourseVisibilityFacts,
  isCourseListed,
  listedCourseSql,
} from './course-visibility.rules';
export { bigintAsNumber, type GeoJsonLineString, type GeoJsonPoint } from './column-types';
export { APP_ROLE_GRANTS_VERSION, type AppRoleOutcome, ensureAppRole } from './app-role';
export { type DatabaseRole, type DatabaseSettings, dataSourceOptions } from './data-source-options';
export { isDatabaseOverload } from './database-overload';
export { redactDatabaseMessage, RedactingQueryLogger, redactLoggedError, sqlForLog } from './query-logger';
export { DatabaseModule } from './database.module';
export * from './entities';
export { connectionPool, type PreparedStatement, queryPrepared, queryPreparedIn } from './prepared';
export { inTransaction, isForeignKeyViolation, isUniqueViolation } from './transaction';
