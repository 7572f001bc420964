import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALL_QUEUES, type JobFailureStatus, type QueueName } from '@runvs/queue';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { PageOf } from '../common/api-responses';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value === undefined ? undefined : 'invalid';

export class JobFailuresQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved', 'all'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved', 'all'])
  status: JobFailureStatus = 'open';

  @ApiPropertyOptional({ enum: ALL_QUEUES })
  @IsOptional()
  @IsIn(ALL_QUEUES)
  queue?: QueueName;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'only failures that retrying may (true) or cannot (false) fix',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'retryable must be true or false' })
  retryable?: boolean;
}

export class JobFailureDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ALL_QUEUES, type: String }) queue!: string;
  @ApiProperty({ type: String, nullable: true }) job_id!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "the job's payload",
  })
  payload!: Record<string, unknown> | null;
  @ApiProperty({ description: "the last error's message" }) reason!: string;
  @ApiProperty({
    description: 'whether retrying may help (transient cause); permanent ones are re-driven by hand only',
  })
  retryable!: boolean;
  @ApiProperty({ description: 'attempts of the last run of the job' }) attempts!: number;
  @ApiProperty() redrive_count!: number;
  @ApiProperty({ format: 'date-time' }) failed_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_redriven_at!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when the sweeper re-drives it next; null = not automatically',
  })
  next_redrive_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolved_at!: string | null;
  @ApiProperty({ enum: ['redriven', 'dismissed'], type: String, nullable: true })
  resolution!: 'redriven' | 'dismissed' | null;
}

export class JobFailureDetailDto extends JobFailureDto {
  @ApiProperty({ description: 'the last error with its stack' }) error!: string;
}

export class JobFailurePageDto extends PageOf(JobFailureDto) {}

export class PipelineFailureDto {
  @ApiProperty({ format: 'uuid' }) run_id!: string;
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty({ type: String, nullable: true }) nickname!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) course_id!: string | null;
  @ApiProperty({ type: String, nullable: true }) course_title!: string | null;
  @ApiProperty({ format: 'date-time' }) finished_at!: string;
  @ApiProperty({ format: 'date-time' }) pipeline_failed_at!: string;
  @ApiProperty({ type: String, nullable: true, description: "the pipeline's last error" }) reason!:
    string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the open job failure of this pipeline',
  })
  job_failure_id!: string | null;
}

export class PipelineFailurePageDto extends PageOf(PipelineFailureDto) {}

export class PipelineRedriveDto {
  @ApiProperty({ format: 'uuid' }) run_id!: string;
  @ApiProperty({ enum: [true] }) queued!: true;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the job failure re-driven (null: a fresh job was queued)',
  })
  job_failure_id!: string | null;
}
