import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page } from '@runvs/common';
import {
  type CourseDetail,
  CourseDiscoveryService,
  type CourseListItem,
  type CourseMarker,
  CourseRouteService,
  CoursesService,
  type CourseStatsResponse,
  type CreatedCourse,
  type NearbyCourse,
  type RouteCorrection,
} from '@runvs/courses';
import { LargeJsonBody } from '../common/body-parsing';
import { type AuthenticatedUser, CurrentUser, OptionalAuth, Public } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';
import { validationError } from '../common/validation';
import { CorrectRouteDto, CreateCourseDto, UpdateCourseDto } from './dto/course-body.dto';
import { BoundsQueryDto, CourseListQueryDto, NearbyQueryDto } from './dto/course-query.dto';
import {
  CourseDetailDto,
  CourseListPageDto,
  CourseMarkerDto,
  CourseStatsDto,
  CourseUpdatedDto,
  CreatedCourseDto,
  NearbyCourseDto,
  RouteCorrectionDto,
} from './dto/course-response.dto';

/** /courses: publish from a run, read, list, search and map. Fixed paths come before `:id`. */
@ApiTags('courses')
@Controller('courses')
export class CoursesController {
  constructor(
    private readonly courses: CoursesService,
    private readonly discovery: CourseDiscoveryService,
    private readonly routes: CourseRouteService,
  ) {}

  @Post()
  @LargeJsonBody()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CreatedCourseDto })
  @ApiErrors(
    [404, 'NOT_FOUND: no such run record of mine'],
    [409, 'CONFLICT: the run already belongs to a course'],
    [400, 'COURSE_RATE_LIMIT: too many courses in 24 hours'],
    413,
    [
      422,
      'VALIDATION_ERROR: a bad line or field (named in details.fields); NOT_A_RUN: the run is a ride, walk or other non-running activity',
    ],
  )
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateCourseDto): Promise<CreatedCourse> {
    return this.courses.create(user.id, body.toInput());
  }

  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: CourseListPageDto })
  @ApiErrors(422)
  list(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @Query() query: CourseListQueryDto,
  ): Promise<Page<CourseListItem>> {
    return this.discovery.list(query.toQuery(), user?.id ?? null);
  }

  @Get('nearby')
  @Public()
  @ApiOkResponse({ type: [NearbyCourseDto], description: 'nearest first' })
  @ApiErrors(422)
  nearby(@Query() query: NearbyQueryDto): Promise<NearbyCourse[]> {
    return this.discovery.nearby(query.lat, query.lng, query.radius, query.limit);
  }

  @Get('bounds')
  @Public()
  @ApiOkResponse({ type: [CourseMarkerDto], description: 'map markers inside the box' })
  @ApiErrors([422, 'VALIDATION_ERROR (a bad corner, or sw_lat north of ne_lat)'])
  bounds(@Query() query: BoundsQueryDto): Promise<CourseMarker[]> {
    if (query.sw_lat > query.ne_lat) {
      throw validationError([{ field: 'sw_lat', messages: ['sw_lat must not be north of ne_lat'] }]);
    }
    return this.discovery.bounds(
      { swLat: query.sw_lat, swLng: query.sw_lng, neLat: query.ne_lat, neLng: query.ne_lng },
      query.limit,
    );
  }

  @Get(':id')
  @OptionalAuth()
  @ApiOkResponse({ type: CourseDetailDto })
  @ApiErrors([404, 'NOT_FOUND: no such course, or a private one of someone else'], 422)
  detail(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @UuidParam('id') id: string,
  ): Promise<CourseDetail> {
    return this.courses.detail(id, user?.id ?? null);
  }

  @Patch(':id')
  @LargeJsonBody()
  @ApiOkResponse({ type: CourseUpdatedDto })
  @ApiErrors(
    [403, 'PERMISSION_DENIED: only the creator changes it'],
    [404, 'NOT_FOUND: no such course'],
    413,
    422,
  )
  update(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: UpdateCourseDto,
  ): Promise<{ id: string; title: string; updated: true }> {
    return this.courses.update(user.id, id, body.toInput());
  }

  /**
   * The creator corrects the line (each vertex within 50 m of the current one); every effort on
   * the course is re-judged by the worker and the board rebuilt.
   */
  @Patch(':id/route')
  @LargeJsonBody()
  @ApiOkResponse({ type: RouteCorrectionDto })
  @ApiErrors(
    401,
    [403, 'PERMISSION_DENIED: only the creator corrects the line'],
    [404, 'NOT_FOUND: no such course (or not visible) / NO_ROUTE'],
    [422, 'VALIDATION_ERROR: a bad line, or a vertex more than 50 m from the current line (named)'],
  )
  correctRoute(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: CorrectRouteDto,
  ): Promise<RouteCorrection> {
    return this.routes.correct(user.id, id, body.route_geometry);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors([403, 'PERMISSION_DENIED: only the creator deletes it'], [404, 'NOT_FOUND: no such course'], 422)
  async remove(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    await this.courses.delete(user.id, id);
  }

  @Get(':id/stats')
  @OptionalAuth()
  @ApiOkResponse({ type: CourseStatsDto })
  @ApiErrors([404, 'NOT_FOUND: no such course'], 422)
  stats(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @UuidParam('id') id: string,
  ): Promise<CourseStatsResponse> {
    return this.courses.stats(id, user?.id ?? null);
  }
}
