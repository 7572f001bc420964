import { ApiProperty } from '@nestjs/swagger';
import type { GhostComparison, GhostView } from '@runvs/runs';
import { UserSummaryDto } from '../../common/user-summary.dto';

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
