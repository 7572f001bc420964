import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CourseReactionsService,
  type FavoriteCourse,
  type FavoriteState,
  type LikeState,
} from '@runvs/social';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import { ApiErrors } from '../common/api-responses';
import { FavoriteCourseDto, FavoriteStateDto, LikeStateDto } from './dto/reactions-response.dto';

/** Likes and favorites of courses, at the client paths and the seed paths (/likes, /favorites). */
@ApiTags('likes & favorites')
@Controller()
export class ReactionsController {
  constructor(private readonly reactions: CourseReactionsService) {}

  @Post(['courses/:id/like', 'likes/courses/:id/toggle'])
  @HttpCode(200)
  @ApiOkResponse({ type: LikeStateDto, description: 'the state after the toggle' })
  @ApiErrors([404, 'NOT_FOUND: no such course (or not visible)'], 422)
  toggleLike(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') courseId: string): Promise<LikeState> {
    return this.reactions.toggleLike(user.id, courseId);
  }

  @Get(['courses/:id/like/status', 'likes/courses/:id'])
  @ApiOkResponse({ type: LikeStateDto })
  @ApiErrors([404, 'NOT_FOUND: no such course (or not visible)'], 422)
  likeStatus(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') courseId: string): Promise<LikeState> {
    return this.reactions.likeStatus(user.id, courseId);
  }

  @Get(['favorites/courses', 'favorites'])
  @ApiOkResponse({ type: [FavoriteCourseDto], description: 'my favorite courses, newest first' })
  favorites(@CurrentUser() user: AuthenticatedUser): Promise<FavoriteCourse[]> {
    return this.reactions.favorites(user.id);
  }

  @Post(['favorites/courses/:id', 'favorites/courses/:id/toggle'])
  @HttpCode(200)
  @ApiOkResponse({ type: FavoriteStateDto, description: 'the state after the toggle' })
  @ApiErrors([404, 'NOT_FOUND: no such course (or not visible)'], 422)
  toggleFavorite(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') courseId: string,
  ): Promise<FavoriteState> {
    return this.reactions.toggleFavorite(user.id, courseId);
  }

  @Get(['favorites/courses/:id/status', 'favorites/courses/:id'])
  @ApiOkResponse({ type: FavoriteStateDto })
  @ApiErrors([404, 'NOT_FOUND: no such course (or not visible)'], 422)
  favoriteStatus(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') courseId: string,
  ): Promise<FavoriteState> {
    return this.reactions.favoriteStatus(user.id, courseId);
  }
}
