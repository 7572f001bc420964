import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CourseReactionsService,
  type FavoriteCourse,
  type FavoriteState,
  type LikeState,
} from '@runvs/social';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param';

/** Likes and favorites of courses, at the client paths and the seed paths (/likes, /favorites). */
@ApiTags('likes & favorites')
@ApiBearerAuth()
@Controller()
export class ReactionsController {
  constructor(private readonly reactions: CourseReactionsService) {}

  @Post(['courses/:id/like', 'likes/courses/:id/toggle'])
  @HttpCode(200)
  toggleLike(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') courseId: string): Promise<LikeState> {
    return this.reactions.toggleLike(user.id, courseId);
  }

  @Get(['courses/:id/like/status', 'likes/courses/:id'])
  likeStatus(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') courseId: string): Promise<LikeState> {
    return this.reactions.likeStatus(user.id, courseId);
  }

  @Get(['favorites/courses', 'favorites'])
  favorites(@CurrentUser() user: AuthenticatedUser): Promise<FavoriteCourse[]> {
    return this.reactions.favorites(user.id);
  }

  @Post(['favorites/courses/:id', 'favorites/courses/:id/toggle'])
  @HttpCode(200)
  toggleFavorite(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') courseId: string,
  ): Promise<FavoriteState> {
    return this.reactions.toggleFavorite(user.id, courseId);
  }

  @Get(['favorites/courses/:id/status', 'favorites/courses/:id'])
  favoriteStatus(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') courseId: string,
  ): Promise<FavoriteState> {
    return this.reactions.favoriteStatus(user.id, courseId);
  }
}
