export {
  checkRouteGeometry,
  type CheckedRoute,
  MAX_ROUTE_CORRECTION_METERS,
  MAX_ROUTE_VERTICES,
  MIN_ROUTE_METERS,
} from './course-input.rules';
export {
  type CourseDifficultyInput,
  difficultyOf,
  MIN_ATTEMPTS_FOR_COMPLETION_RATE,
  recomputeCourseDifficulty,
} from './course-difficulty';
export {
  type CourseViewer,
  courseVisibleSql,
  courseVisibleTo,
  type CourseVisibilityFacts,
  isCourseListed,
  listedCourseSql,
} from '@runvs/database';
export { CourseRemovalService } from './course-removal.service';
export { CourseRouteService } from './course-route.service';
export { CoursesModule } from './courses.module';
export { CourseStatsModule } from './stats/course-stats.module';
export { CourseStatsService } from './stats/course-stats.service';
export { ACTIVE_SESSION_WINDOW } from './course-extras.sql';
export { CoursesRepository } from './courses.repository';
export { CourseDiscoveryRepository, NEW_COURSE_WINDOW } from './discovery/course-discovery.repository';
export { CourseDiscoveryService } from './discovery/course-discovery.service';
export { COURSE_CREATION_LIMIT, COURSE_CREATION_WINDOW_HOURS, CoursesService } from './courses.service';
export {
  COURSE_SORTS,
  type CourseDetail,
  type CourseListItem,
  type CourseListQuery,
  type CourseMarker,
  type CourseSort,
  type CourseStatsResponse,
  type CreateCourseInput,
  type CreatedCourse,
  type NearbyCourse,
  type RouteCorrection,
  type UpdateCourseInput,
  type Viewport,
} from './courses.types';
export { viewportEnvelopes, VIEWPORT_GRID } from './viewport.rules';
export {
  CourseThumbnailService,
  MAPBOX_TIMEOUT_MS,
  type ThumbnailOutcome,
} from './thumbnails/course-thumbnail.service';
export { CourseThumbnailsModule } from './thumbnails/course-thumbnails.module';
export { renderRouteSvg, THUMBNAIL_HEIGHT, THUMBNAIL_SCALE, THUMBNAIL_WIDTH } from './thumbnails/route-image';
