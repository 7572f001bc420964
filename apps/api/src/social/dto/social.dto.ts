import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ReviewInput } from '@runvs/social';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

/** A review: stars 1–5 and/or text ≤ 500 (at least one; checked by the service). */
export class ReviewBodyDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number | null;

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  content?: string | null;

  toInput(): ReviewInput {
    return { rating: this.rating, content: this.content };
  }
}

export class ReviewReplyDto {
  @ApiProperty({ minLength: 1, maxLength: 300 })
  @IsString()
  @Length(1, 300)
  content!: string;
}

/** `GET /follows/activity-feed`: `limit` 1–50 (default 20); `cursor` = a previous `next_cursor`. */
export class ActivityFeedQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

export class FollowByCodeDto {
  @ApiProperty({ minLength: 1, maxLength: 20 })
  @IsString()
  @Length(1, 20)
  user_code!: string;
}
