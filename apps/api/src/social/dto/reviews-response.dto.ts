import { ApiProperty } from '@nestjs/swagger';
import type { ReviewPage, ReviewResponse } from '@runvs/social';
import { ApiDateTime, ApiInteger, ApiNumber, ApiString, ApiUuid, PageOf } from '../../common/api-responses';
import { UserSummaryDto } from '../../common/user-summary.dto';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

export class ReviewDto implements ReviewResponse {
  @ApiUuid() id!: string;
  @ApiUuid() course_id!: string;
  @ApiInteger({ nullable: true, minimum: 1, maximum: 5 }) rating!: number | null;
  @ApiString({ nullable: true, maxLength: 500 }) content!: string | null;
  @ApiProperty({ type: UserSummaryDto }) author!: UserSummaryDto;
  @ApiDateTime() created_at!: Date;
  @ApiDateTime() updated_at!: Date;
  @ApiString({ nullable: true, maxLength: 300, description: "the course creator's answer" })
  creator_reply!: string | null;
  @ApiDateTime({ nullable: true }) creator_reply_at!: Date | null;
}

export class ReviewPageDto extends PageOf(ReviewDto) implements ReviewPage {
  @ApiNumber({ nullable: true, description: 'mean of the ratings given (1 decimal); null when nobody rated' })
  avg_rating!: number | null;
}
