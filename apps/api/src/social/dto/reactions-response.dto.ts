import { ApiProperty } from '@nestjs/swagger';
import type { FavoriteCourse, FavoriteState, LikeState } from '@runvs/social';
import {
  ApiBoolean,
  ApiDateTime,
  ApiInteger,
  ApiNumber,
  ApiString,
  ApiUuid,
} from '../../common/api-responses';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

export class LikeStateDto implements LikeState {
  @ApiBoolean() is_liked!: boolean;
  @ApiInteger() like_count!: number;
}

export class FavoriteStateDto implements FavoriteState {
  @ApiBoolean() is_favorited!: boolean;
  @ApiInteger() favorite_count!: number;
}

export class FavoriteCourseDto implements FavoriteCourse {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiString({ nullable: true }) thumbnail_url!: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    nullable: true,
    description: '[[lng, lat], …] for thumbnails',
  })
  route_preview!: Array<[number, number]> | null;
  @ApiNumber() distance_meters!: number;
  @ApiNumber() estimated_duration_seconds!: number;
  @ApiString() creator_nickname!: string;
  @ApiDateTime() favorited_at!: Date;
}
