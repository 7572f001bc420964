import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
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
import { UserSummaryDto } from '../common/user-summary.dto';
import { UuidParam } from '../common/uuid-param';

export class GhostViewDto implements GhostView {
  @ApiProperty() course_id!: string;
  @ApiProperty({ enum: ['me', 'leader', 'user'] }) of!: GhostView['of'];
  @ApiProperty({ type: UserSummaryDto }) runner!: UserSummaryDto;
  @ApiProperty() run_record_id!: string;
  @ApiProperty() achieved_at!: string;
  @ApiProperty({ description: "the effort's leaderboard time" }) duration_seconds!: number;
  @ApiProperty() course_distance_meters!: number;
  @ApiProperty({ description: 'sample k is at k × interval along the course; the last one at the finish' })
  sample_interval_meters!: number;
  @ApiProperty({
    type: [Number],
    nullable: true,
    description:
      'moving seconds since leaving the start at each sample; null = unknown or hidden (privacy zone)',
  })
  samples!: Array<number | null>;
  @ApiProperty() hidden_samples!: number;
}

class GhostSplitDto {
  @ApiProperty() from_meters!: number;
  @ApiProperty() to_meters!: number;
  @ApiProperty({ description: 'my time over the stretch (s)' }) seconds!: number;
  @ApiProperty({ description: "the ghost's time over the stretch (s)" }) ghost_seconds!: number;
  @ApiProperty({ description: 'ghost − me: positive = gained on the ghost' }) gained_seconds!: number;
  @ApiProperty({ description: 'me − ghost at the end of the stretch: negative = ahead' })
  gap_seconds!: number;
}

class ComparedGhostDto {
  @ApiProperty({ enum: ['me', 'leader', 'user'] }) of!: GhostView['of'];
  @ApiProperty({ type: UserSummaryDto }) runner!: UserSummaryDto;
  @ApiProperty() run_record_id!: string;
  @ApiProperty() achieved_at!: string;
  @ApiProperty() duration_seconds!: number;
}

export class GhostComparisonDto implements GhostComparison {
  @ApiProperty() run_record_id!: string;
  @ApiProperty() course_id!: string;
  @ApiProperty({ type: ComparedGhostDto }) ghost!: ComparedGhostDto;
  @ApiProperty() segment_meters!: number;
  @ApiProperty({ type: [GhostSplitDto] }) splits!: GhostSplitDto[];
  @ApiProperty({ type: Number, nullable: true }) final_gap_seconds!: number | null;
}

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
