import { ApiProperty } from '@nestjs/swagger';
import type { FlagAppeal } from '@runvs/runs';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

export class FlagAppealDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 1000,
    description: 'why the flag is wrong, for the admin who reviews it',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 1000)
  message!: string;
}

export class FlagAppealResponseDto implements FlagAppeal {
  @ApiProperty({ format: 'uuid' }) run_record_id!: string;
  @ApiProperty({ type: String, enum: ['pending'] }) status!: 'pending';
  @ApiProperty() message!: string;
  @ApiProperty({ type: String, format: 'date-time' }) appealed_at!: string;
  @ApiProperty({ type: [String], description: 'every reason the run was flagged for' })
  flag_reasons!: string[];
}
