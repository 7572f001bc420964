import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ReportTargetType } from '@runvs/database';
import {
  type BlockedUserItem,
  REPORT_REASONS,
  REPORT_TARGET_TYPES,
  type ReportCreated,
  type ReportReason,
} from '@runvs/moderation';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ApiDateTime, ApiString, ApiUuid, PageOf } from '../common/api-responses';
import { UserRefDto } from '../common/user-summary.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_TARGET_TYPES })
  @IsIn(REPORT_TARGET_TYPES)
  target_type!: ReportTargetType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  target_id!: string;

  @ApiProperty({ enum: REPORT_REASONS })
  @IsIn(REPORT_REASONS)
  reason!: ReportReason;

  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  description?: string | null;
}

// Answers. Each DTO `implements` the domain type it documents, so the two cannot drift apart.

export class ReportCreatedDto implements ReportCreated {
  @ApiUuid() id!: string;
  @ApiProperty({ enum: REPORT_TARGET_TYPES }) target_type!: ReportTargetType;
  @ApiUuid() target_id!: string;
  @ApiProperty({ enum: REPORT_REASONS }) reason!: ReportReason;
  @ApiString({ nullable: true }) description!: string | null;
  @ApiProperty({ enum: ['open'] }) status!: 'open';
  @ApiDateTime() created_at!: string;
}

export class BlockedUserDto extends UserRefDto implements BlockedUserItem {
  @ApiDateTime() blocked_at!: string;
}

export class BlockedUserPageDto extends PageOf(BlockedUserDto) {}

export class BlockedDto {
  @ApiProperty({ enum: [true] }) blocked!: true;
  @ApiUuid() user_id!: string;
}
