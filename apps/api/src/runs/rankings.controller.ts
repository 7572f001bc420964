import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  type CourseBoard,
  type MyBest,
  type MyCourseRanking,
  type MyRankingsItem,
  RankingsService,
} from '@runvs/runs';
import { type AuthenticatedUser, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import type { Response } from 'express';
import { UuidParam } from '../common/uuid-param';
import { RankingsQueryDto } from './dto/rankings.dto';

/** Leaderboards (contract §6), at the seed paths and the client's /courses/{id}/… paths. */
@ApiTags('rankings')
@ApiBearerAuth()
@Controller()
export class RankingsController {
  constructor(private readonly rankings: RankingsService) {}

  @Get('rankings/me')
  mine(@CurrentUser() user: AuthenticatedUser): Promise<{ data: MyRankingsItem[] }> {
    return this.rankings.myRankings(user.id);
  }

  @Get(['rankings/courses/:id', 'courses/:id/rankings'])
  @OptionalAuth()
  board(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @UuidParam('id') id: string,
    @Query() query: RankingsQueryDto,
  ): Promise<CourseBoard> {
    return this.rankings.board(id, user?.id ?? null, query.toBoardQuery());
  }

  @Get(['rankings/courses/:id/me', 'courses/:id/my-ranking'])
  myRanking(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<MyCourseRanking> {
    return this.rankings.myRanking(id, user.id);
  }

  /** My fastest completed run on the course, or JSON `null` (the contract's body, not an empty one). */
  @Get('courses/:id/my-best')
  async myBest(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    const best: MyBest | null = await this.rankings.myBest(id, user.id);
    res.status(200).json(best);
  }
}
