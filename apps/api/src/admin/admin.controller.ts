import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
import { UuidParam } from '../common/uuid-param';
import {
  AdminCoursesQueryDto,
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
  user(@UuidParam('id') id: string): Promise<AdminUserItem> {
    return this.users.get(id);
  }

  /** Effective at once: the user's next request (even with a valid access token) is 403 USER_BANNED. */
  @Post('users/:id/ban')
  @HttpCode(200)
  ban(
    @CurrentUser() admin: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: BanUserDto,
  ): Promise<AdminUserItem> {
    return this.users.ban(admin.id, id, body.reason, body.until ?? null);
  }

  @Post('users/:id/unban')
  @HttpCode(200)
  unban(@UuidParam('id') id: string): Promise<AdminUserItem> {
    return this.users.unban(id);
  }

  @Patch('users/:id/role')
  setRole(@UuidParam('id') id: string, @Body() body: SetRoleDto): Promise<AdminUserItem> {
    return this.users.setRole(id, body.role);
  }

  // ---- courses and reviews -------------------------------------------------------------------

  @Get('courses')
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
  hideCourse(@UuidParam('id') id: string, @Body() body: HideCourseDto): Promise<AdminCourseItem> {
    return this.content.setCourseHidden(id, true, body.reason ?? null);
  }

  @Post('courses/:id/unhide')
  @HttpCode(200)
  unhideCourse(@UuidParam('id') id: string): Promise<AdminCourseItem> {
    return this.content.setCourseHidden(id, false, null);
  }

  @Delete('courses/:id')
  @HttpCode(204)
  deleteCourse(@CurrentUser() admin: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.content.deleteCourse(admin.id, id);
  }

  /** Rebuilds the course's leaderboard in the background (202: queued). */
  @Post('courses/:id/leaderboard/recompute')
  @HttpCode(202)
  recomputeLeaderboard(@UuidParam('id') id: string): Promise<{ course_id: string; queued: true }> {
    return this.content.recomputeLeaderboard(id);
  }

  @Delete('reviews/:id')
  @HttpCode(204)
  deleteReview(@CurrentUser() admin: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.content.deleteReview(admin.id, id);
  }

  // ---- flagged runs --------------------------------------------------------------------------

  @Get('runs/flagged')
  flaggedRuns(@Query() query: FlaggedRunsQueryDto): Promise<Page<FlaggedRunItem>> {
    return this.runs.flagged(query.status, query.toPageRequest());
  }

  @Post('runs/:id/unflag')
  @HttpCode(200)
  unflag(@CurrentUser() admin: AuthenticatedUser, @UuidParam('id') id: string): Promise<FlaggedRunItem> {
    return this.runs.unflag(admin.id, id);
  }

  @Post('runs/:id/confirm')
  @HttpCode(200)
  confirmFlag(@CurrentUser() admin: AuthenticatedUser, @UuidParam('id') id: string): Promise<FlaggedRunItem> {
    return this.runs.confirm(admin.id, id);
  }

  // ---- reports -------------------------------------------------------------------------------

  @Get('reports')
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
  resolveReport(
    @CurrentUser() admin: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: ResolveReportDto,
  ): Promise<ReportItem> {
    return this.reports.resolve(admin.id, id, body.status, body.note ?? null);
  }
}
