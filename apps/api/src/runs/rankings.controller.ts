import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import {
  type CourseBoard,
  type MyBest,
  type MyCourseRanking,
  type MyRankingsItem,
  RankingsService,
} from '@runvs/runs';
import { type AuthenticatedUser, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import type { Response } from 'express';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';
import { CourseBoardDto, MyBestDto, MyCourseRankingDto, MyRankingsDto } from './dto/rankings-response.dto';
import { RankingsQueryDto } from './dto/rankings.dto';

/** Leaderboards (contract §6), at the seed paths and the client's /courses/{id}/… paths. */
@ApiTags('rankings')
@Controller()
export class RankingsController {
  constructor(private readonly rankings: RankingsService) {}

  @Get('rankings/me')
  @ApiOkResponse({ type: MyRankingsDto, description: 'my place on every course board I am on' })
  mine(@CurrentUser() user: AuthenticatedUser): Promise<{ data: MyRankingsItem[] }> {
    return this.rankings.myRankings(user.id);
  }

  @Get(['rankings/courses/:id', 'courses/:id/rankings'])
  @OptionalAuth()
  @ApiOkResponse({
    type: CourseBoardDto,
    description: 'my_ranking is filled when signed in and on the board',
  })
  @ApiErrors(
    [401, 'AUTH_REQUIRED: following=true needs a signed-in user'],
    [404, 'NOT_FOUND: no such course'],
    [422, 'VALIDATION_ERROR (id not a UUID, bad query)'],
  )
  board(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @UuidParam('id') id: string,
    @Query() query: RankingsQueryDto,
  ): Promise<CourseBoard> {
    return this.rankings.board(id, user?.id ?? null, query.toBoardQuery());
  }

  @Get(['rankings/courses/:id/me', 'courses/:id/my-ranking'])
  @ApiOkResponse({ type: MyCourseRankingDto, description: 'nulls when I have no run on the course' })
  @ApiErrors([404, 'NOT_FOUND: no such course'], 422)
  myRanking(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<MyCourseRanking> {
    return this.rankings.myRanking(id, user.id);
  }

  /** My fastest completed run on the course, or JSON `null` (the contract's body, not an empty one). */
  @Get('courses/:id/my-best')
  @ApiExtraModels(MyBestDto)
  @ApiOkResponse({
    schema: { allOf: [{ $ref: getSchemaPath(MyBestDto) }], nullable: true },
    description: 'JSON `null` when I have no completed run on it',
  })
  @ApiErrors([404, 'NOT_FOUND: no such course'], 422)
  async myBest(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    const best: MyBest | null = await this.rankings.myBest(id, user.id);
    res.status(200).json(best);
  }
}
