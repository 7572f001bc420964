import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AdminBanAppealItem, BanAppealsService, type BanAppealView } from '@runvs/admin';
import type { Page } from '@runvs/common';
import type { Response } from 'express';
import { AdminOnly, AllowBanned, type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';
import {
  AdminBanAppealDto,
  AdminBanAppealPageDto,
  AnswerBanAppealDto,
  BanAppealBodyDto,
  BanAppealDto,
  BanAppealsQueryDto,
} from './ban-appeals.dto';

/**
 * Ban appeals: the banned runner's side (`/users/me/ban-appeal`, open to banned users — they are
 * refused everywhere else) and the admin console's (`/admin/ban-appeals`, admins only).
 */
@ApiTags('ban appeals')
@ApiBearerAuth()
@Controller()
export class BanAppealsController {
  constructor(private readonly appeals: BanAppealsService) {}

  /** Once per ban; only while banned. */
  @Post('users/me/ban-appeal')
  @AllowBanned()
  @HttpCode(201)
  @ApiCreatedResponse({ type: BanAppealDto })
  @ApiErrors(
    401,
    [400, 'NOT_BANNED: the account is not suspended'],
    [409, 'ALREADY_APPEALED: this suspension was already appealed'],
    [422, 'VALIDATION_ERROR: message must be 10–1000 characters'],
  )
  appeal(@CurrentUser() user: AuthenticatedUser, @Body() body: BanAppealBodyDto): Promise<BanAppealView> {
    return this.appeals.appeal(user.id, body.message);
  }

  /** My latest appeal and its answer, or JSON `null` (Nest would send an empty body for a bare null). */
  @Get('users/me/ban-appeal')
  @AllowBanned()
  @ApiOkResponse({ type: BanAppealDto, description: 'or null when I never appealed' })
  @ApiErrors(401)
  async mine(@CurrentUser() user: AuthenticatedUser, @Res() response: Response): Promise<void> {
    response.status(200).json(await this.appeals.mine(user.id));
  }

  /** The appeals queue, oldest first (default: pending). */
  @Get('admin/ban-appeals')
  @AdminOnly()
  @ApiOkResponse({ type: AdminBanAppealPageDto })
  @ApiErrors(401, [403, 'FORBIDDEN: administrators only'], 422)
  list(@Query() query: BanAppealsQueryDto): Promise<Page<AdminBanAppealItem>> {
    return this.appeals.list({
      page: query.page,
      perPage: query.per_page,
      status: query.status === 'all' ? undefined : query.status,
    });
  }

  /** Uphold the suspension, or lift it; the runner is told either way. */
  @Post('admin/ban-appeals/:id/answer')
  @AdminOnly()
  @HttpCode(200)
  @ApiOkResponse({ type: AdminBanAppealDto })
  @ApiErrors(
    401,
    [403, 'FORBIDDEN: administrators only'],
    [404, 'NOT_FOUND: no such appeal'],
    [409, 'APPEAL_ALREADY_ANSWERED'],
    422,
  )
  answer(
    @CurrentUser() admin: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: AnswerBanAppealDto,
  ): Promise<AdminBanAppealItem> {
    return this.appeals.answer(admin.id, id, body.decision, body.response ?? null);
  }
}
