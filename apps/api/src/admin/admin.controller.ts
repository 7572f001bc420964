import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  type AdminCourseItem,
  AdminContentService,
  AdminReportsService,
  AdminRunsService,
  type AdminUserItem,
  AdminUsersService,
  type FlaggedRunItem,
  type ReportItem,
} from '@runvs/admin';
import type { Page } from '@runvs/common';
import { AdminOnly, type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';
import {
  AdminCourseDto,
  AdminCoursePageDto,
  AdminCoursesQueryDto,
  AdminUserDto,
  AdminUserPageDto,
  ExcludeEffortDto,
  FlaggedRunDto,
  FlaggedRunPageDto,
  LeaderboardRecomputeQueuedDto,
  ReportDto,
  ReportPageDto,
  AdminUsersQueryDto,
  BanUserDto,
  FlaggedRunsQueryDto,
  HideCourseDto,
  ReportsQueryDto,
  ResolveReportDto,
  SetRoleDto,
} from './admin.dto';

/** /admin: every route needs an access token of a user with role admin (else 403 FORBIDDEN). */
@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('admin')
export class AdminController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly content: AdminContentService,
    private readonly runs: AdminRunsService,
    private readonly reports: AdminReportsService,
  ) {}

  // ---- users ---------------------------------------------------------------------------------

  @Get('users')
  @ApiOkResponse({ type: AdminUserPageDto })
  @ApiErrors(422)
  listUsers(@Query() query: AdminUsersQueryDto): Promise<Page<AdminUserItem>> {
    return this.users.list({
      page: query.page,
      perPage: query.per_page,
      q: query.q,
      role: query.role,
      banned: query.banned,
    });
  }

  @Get('users/:id')
  @ApiOkResponse({ type: AdminUserDto })
  @ApiErrors([404, 'NOT_FOUND: no such user'], 422)
  user(@UuidParam('id') id: string): Promise<AdminUserItem> {
    return this.users.get(id);
  }

  /** Effective at once: the user's next request (even with a valid access token) is 403 USER_BANNED. */
  @Post('users/:id/ban')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminUserDto, description: 'banned' })
  @ApiErrors(
    [404, 'NOT_FOUND: no such user'],
    [409, 'CONFLICT: myself, or an administrator'],
    [422, 'VALIDATION_ERROR (`until` in the past too)'],
  )
  ban(
    @CurrentUser() admin: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: BanUserDto,
  ): Promise<AdminUserItem> {
    return this.users.ban(admin.id, id, body.reason, body.until ?? null);
  }

  @Post('users/:id/unban')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminUserDto, description: 'unbanned' })
  @ApiErrors([400, 'NOT_BANNED'], [404, 'NOT_FOUND: no such user'], 422)
  unban(@UuidParam('id') id: string): Promise<AdminUserItem> {
    return this.users.unban(id);
  }

  @Patch('users/:id/role')
  @ApiOkResponse({ type: AdminUserDto })
  @ApiErrors(
    [404, 'NOT_FOUND: no such user'],
    [409, 'CONFLICT: a banned user made admin, or the last admin demoted'],
    422,
  )
  setRole(@UuidParam('id') id: string, @Body() body: SetRoleDto): Promise<AdminUserItem> {
    return this.users.setRole(id, body.role);
  }

  // ---- courses and reviews -------------------------------------------------------------------

  @Get('courses')
  @ApiOkResponse({ type: AdminCoursePageDto })
  @ApiErrors(422)
  courses(@Query() query: AdminCoursesQueryDto): Promise<Page<AdminCourseItem>> {
    return this.content.courses({
      page: query.page,
      perPage: query.per_page,
      q: query.q,
      hidden: query.hidden,
    });
  }

  @Post('courses/:id/hide')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminCourseDto, description: 'hidden from everyone but its creator' })
  @ApiErrors([404, 'NOT_FOUND: no such course'], 422)
  hideCourse(@UuidParam('id') id: string, @Body() body: HideCourseDto): Promise<AdminCourseItem> {
    return this.content.setCourseHidden(id, true, body.reason ?? null);
  }

  @Post('courses/:id/unhide')
  @HttpCode(200)
  @ApiOkResponse({ type: AdminCourseDto })
  @ApiErrors([404, 'NOT_FOUND: no such course'], 422)
  unhideCourse(@UuidParam('id') id: string): Promise<AdminCourseItem> {
    return this.content.setCourseHidden(id, false, null);
  }

  @Delete('courses/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors([404, 'NOT_FOUND: no such course'], 422)
  deleteCourse(@CurrentUser() admin: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.content.deleteCourse(admin.id, id);
  }

  /** Rebuilds the course's leaderboard in the background (202: queued). */
  @Post('courses/:id/leaderboard/recompute')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: LeaderboardRecomputeQueuedDto })
  @ApiErrors([404, 'NOT_FOUND: no such course'], 422)
  recomputeLeaderboard(@UuidParam('id') id: string): Promise<{ course_id: string; queued: true }> {
    return this.content.recomputeLeaderboard(id);
  }

  @Delete('reviews/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors([404, 'NOT_FOUND: no such review'], 422)
  deleteReview(@CurrentUser() admin: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.content.deleteReview(admin.id, id);
  }

  // ---- flagged runs --------------------------------------------------------------------------

  @Get('runs/flagged')
  @ApiOkResponse({ type: FlaggedRunPageDto })
  @ApiErrors(422)
  flaggedRuns(@Query() query: FlaggedRunsQueryDto): Promise<Page<FlaggedRunItem>> {
    return this.runs.flagged(query.status, query.toPageRequest());
  }

  @Post('runs/:id/unflag')
  @HttpCode(200)
  @ApiOkResponse({ type: FlaggedRunDto, description: 'dismissed: the run counts again' })
  @ApiErrors([404, 'NOT_FOUND: no such run'], 422)
  unflag(@CurrentUser() admin: AuthenticatedUser, @UuidParam('id') id: string): Promise<FlaggedRunItem> {
    return this.runs.unflag(admin.id, id);
  }

  @Post('runs/:id/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: FlaggedRunDto, description: 'confirmed: the run stays out for good' })
  @ApiErrors([404, 'NOT_FOUND: no such run'], 422)
  confirmFlag(@CurrentUser() admin: AuthenticatedUser, @UuidParam('id') id: string): Promise<FlaggedRunItem> {
    return this.runs.confirm(admin.id, id);
  }

  @Post('runs/:id/exclude')
  @HttpCode(200)
  @ApiOkResponse({
    type: FlaggedRunDto,
    description: 'the effort is off its course board; the runner is told why',
  })
  @ApiErrors([404, 'NOT_FOUND: no such course run'], 422)
  excludeEffort(
    @CurrentUser() admin: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: ExcludeEffortDto,
  ): Promise<FlaggedRunItem> {
    return this.runs.excludeEffort(admin.id, id, body.reason);
  }

  @Post('runs/:id/include')
  @HttpCode(200)
  @ApiOkResponse({
    type: FlaggedRunDto,
    description:
      'the exclusion is undone: the effort is back on its course board when it passes the board rule ' +
      '(a flagged or unmatched run stays off); board and stats recounted, the runner is told',
  })
  @ApiErrors(
    [404, 'NOT_FOUND: no such course run'],
    [409, 'NOT_EXCLUDED: the effort is not excluded from its board'],
    422,
  )
  includeEffort(@UuidParam('id') id: string): Promise<FlaggedRunItem> {
    return this.runs.includeEffort(id);
  }

  // ---- reports -------------------------------------------------------------------------------

  @Get('reports')
  @ApiOkResponse({ type: ReportPageDto })
  @ApiErrors(422)
  reportsQueue(@Query() query: ReportsQueryDto): Promise<Page<ReportItem>> {
    return this.reports.list({
      page: query.page,
      perPage: query.per_page,
      status: query.status === 'all' ? undefined : query.status,
      targetType: query.target_type,
    });
  }

  @Post('reports/:id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ type: ReportDto })
  @ApiErrors([404, 'NOT_FOUND: no such report'], [409, 'CONFLICT: already closed'], 422)
  resolveReport(
    @CurrentUser() admin: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: ResolveReportDto,
  ): Promise<ReportItem> {
    return this.reports.resolve(admin.id, id, body.status, body.note ?? null);
  }
}
