import { ApiProperty } from '@nestjs/swagger';

export class SocialCountsDto {
  @ApiProperty() followers_count!: number;
  @ApiProperty() following_count!: number;
  @ApiProperty({ description: "likes on the user's courses (others see their public, visible courses only)" })
  total_likes_received!: number;
  @ApiProperty({ description: 'courses created (mine: all; others: public, visible ones)' })
  courses_count!: number;
}
