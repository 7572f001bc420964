import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ReportTargetType } from '@runvs/database';
import { REPORT_REASONS, REPORT_TARGET_TYPES, type ReportReason } from '@runvs/moderation';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

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

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  description?: string | null;
}
