import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Page } from '@runvs/common';
import { type BlockedUserItem, BlocksService, type ReportCreated, ReportsService } from '@runvs/moderation';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UuidParam } from '../common/uuid-param';
import { BlockedDto, BlockedUserPageDto, CreateReportDto, ReportCreatedDto } from './moderation.dto';

/** Reports (once per target) and blocks, for every signed-in runner. */
@ApiTags('moderation')
@ApiBearerAuth()
@Controller()
export class ModerationController {
  constructor(
    private readonly reports: ReportsService,
    private readonly blocks: BlocksService,
  ) {}

  @Post('reports')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ReportCreatedDto })
  @ApiErrors(
    [404, 'NOT_FOUND: no such course, review or user'],
    [409, 'ALREADY_REPORTED: I reported it before'],
    [422, 'VALIDATION_ERROR (reporting myself too)'],
  )
  report(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateReportDto): Promise<ReportCreated> {
    return this.reports.report(user.id, {
      targetType: body.target_type,
      targetId: body.target_id,
      reason: body.reason,
      description: body.description ?? null,
    });
  }

  @Get('users/me/blocks')
  @ApiOkResponse({ type: BlockedUserPageDto })
  @ApiErrors(422)
  myBlocks(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<BlockedUserItem>> {
    return this.blocks.list(user.id, query.toPageRequest());
  }

  @Post('users/:id/block')
  @HttpCode(201)
  @ApiCreatedResponse({ type: BlockedDto })
  @ApiErrors(
    [404, 'NOT_FOUND: no such user'],
    [409, 'ALREADY_BLOCKED'],
    [422, 'VALIDATION_ERROR: not a UUID, or myself'],
  )
  block(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
  ): Promise<{ blocked: true; user_id: string }> {
    return this.blocks.block(user.id, id);
  }

  @Delete('users/:id/block')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'unblocked' })
  @ApiErrors([404, 'NOT_FOUND: I do not block them'], 422)
  unblock(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.blocks.unblock(user.id, id);
  }
}
