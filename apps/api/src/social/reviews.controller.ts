import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { type ReviewPage, type ReviewResponse, ReviewsService } from '@runvs/social';
import { type AuthenticatedUser, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';
import { ReviewDto, ReviewPageDto } from './dto/reviews-response.dto';
import { ReviewBodyDto, ReviewReplyDto } from './dto/social.dto';

/** Course reviews at the client paths (/courses/{id}/reviews…) and the seed paths (/reviews/…). */
@ApiTags('reviews')
@ApiBearerAuth()
@ApiExtraModels(ReviewDto)
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Post(['courses/:id/reviews', 'reviews/courses/:id'])
  @HttpCode(201)
  @ApiCreatedResponse({ type: ReviewDto })
  @ApiErrors(
    [404, 'NOT_FOUND: no such course, or not one I may see'],
    [409, 'DUPLICATE_REVIEW: I already reviewed this course'],
    [422, 'VALIDATION_ERROR: a bad field, or neither rating nor content'],
  )
  create(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') courseId: string,
    @Body() body: ReviewBodyDto,
  ): Promise<ReviewResponse> {
    return this.reviews.create(user.id, courseId, body.toInput());
  }

  @Get(['courses/:id/reviews', 'reviews/courses/:id'])
  @OptionalAuth()
  @ApiOkResponse({ type: ReviewPageDto })
  @ApiErrors([404, 'NOT_FOUND: no such course, or not one I may see'], 422)
  list(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @UuidParam('id') courseId: string,
    @Query() query: PaginationQueryDto,
  ): Promise<ReviewPage> {
    return this.reviews.list(user?.id ?? null, courseId, query.toPageRequest());
  }

  /** My review of the course, or JSON `null` (Nest would send an empty body for a bare null). */
  @Get('courses/:id/reviews/mine')
  @ApiOkResponse({
    description: 'my review of the course, or null',
    schema: { allOf: [{ $ref: getSchemaPath(ReviewDto) }], nullable: true },
  })
  @ApiErrors([404, 'NOT_FOUND: no such course'], 422)
  async mine(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') courseId: string,
    @Res() response: Response,
  ): Promise<void> {
    response.status(200).json(await this.reviews.mine(user.id, courseId));
  }

  @Patch(['courses/reviews/:reviewId', 'reviews/:reviewId'])
  @ApiOkResponse({ type: ReviewDto })
  @ApiErrors(
    [403, 'FORBIDDEN: not my review'],
    [404, 'NOT_FOUND: no such review'],
    [422, 'VALIDATION_ERROR: a bad field, or neither rating nor content'],
  )
  update(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('reviewId') reviewId: string,
    @Body() body: ReviewBodyDto,
  ): Promise<ReviewResponse> {
    return this.reviews.update(user.id, reviewId, body.toInput());
  }

  @Delete(['courses/reviews/:reviewId', 'reviews/:reviewId'])
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted; the course counters follow' })
  @ApiErrors([403, 'FORBIDDEN: not my review'], [404, 'NOT_FOUND: no such review'], 422)
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('reviewId') reviewId: string,
  ): Promise<void> {
    await this.reviews.delete(user.id, reviewId);
  }

  @Post('courses/:courseId/reviews/:reviewId/reply')
  @HttpCode(200)
  @ApiOkResponse({ type: ReviewDto, description: 'the review with my reply' })
  @ApiErrors(
    [403, "FORBIDDEN: not the course's creator"],
    [404, 'NOT_FOUND: no such review (of this course)'],
    422,
  )
  reply(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('courseId') courseId: string,
    @UuidParam('reviewId') reviewId: string,
    @Body() body: ReviewReplyDto,
  ): Promise<ReviewResponse> {
    return this.reviews.reply(user.id, reviewId, body.content, courseId);
  }

  @Post('reviews/:reviewId/reply')
  @HttpCode(200)
  @ApiOkResponse({ type: ReviewDto, description: 'the review with my reply' })
  @ApiErrors([403, "FORBIDDEN: not the course's creator"], [404, 'NOT_FOUND: no such review'], 422)
  replyBySeedPath(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('reviewId') reviewId: string,
    @Body() body: ReviewReplyDto,
  ): Promise<ReviewResponse> {
    return this.reviews.reply(user.id, reviewId, body.content);
  }
}
