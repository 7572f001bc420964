import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  type GhostComparison,
  GhostComparisonService,
  GhostService,
  type GhostView,
  parseGhostOf,
} from '@runvs/runs';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';
import { GhostComparisonDto, GhostViewDto } from './dto/ghost-response.dto';

/** Ghosts to race: a compact time-at-distance profile along a course, cacheable by the app. */
@ApiTags('courses')
@ApiBearerAuth()
@Controller()
export class GhostController {
  constructor(
    private readonly ghosts: GhostService,
    private readonly comparisons: GhostComparisonService,
  ) {}

  /**
   * After a run: where I gained or lost time against a ghost per course kilometre. `of=me`
   * (default) is my best on the course from before this run — the ghost I raced.
   */
  @Get('runs/:id/ghost-comparison')
  @ApiQuery({ name: 'of', required: false, description: '`me` (default), `leader`, or a user id I follow' })
  @ApiOkResponse({ type: GhostComparisonDto })
  @ApiErrors(401, [404, 'not my run, not a course run, or no ghost to compare with'], 422)
  comparison(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Query('of') of: unknown,
  ): Promise<GhostComparison> {
    return this.comparisons.compare(id, parseGhostOf(of), user.id);
  }

  @Get('courses/:id/ghost')
  @ApiQuery({ name: 'of', required: false, description: '`me` (default), `leader`, or a user id I follow' })
  @ApiOkResponse({ type: GhostViewDto, description: 'with ETag (If-None-Match → 304) and Cache-Control' })
  @ApiErrors(401, [404, 'course not visible, or no ghost (no effort I may see, or no recorded track)'], 422)
  async ghost(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Query('of') of: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GhostView> {
    const view = await this.ghosts.ghost(id, parseGhostOf(of), user.id);
    // Express answers 304 by itself when If-None-Match matches this ETag.
    res.setHeader('ETag', `"${createHash('sha1').update(JSON.stringify(view)).digest('base64url')}"`);
    res.setHeader('Cache-Control', 'private, max-age=300');
    return view;
  }
}
