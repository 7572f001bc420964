import { ApiProperty } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['up', 'down'], description: 'PostgreSQL answers within 2 s' })
  database!: 'up' | 'down';

  @ApiProperty({ enum: ['up', 'down'], description: 'Redis answers within 2 s' })
  redis!: 'up' | 'down';

  @ApiProperty({ enum: ['up', 'down'], description: 'every migration of this build is applied' })
  migrations!: 'up' | 'down';

  @ApiProperty({
    enum: ['up', 'down'],
    description: 'no queue has more than HEALTH_QUEUE_BACKLOG_MAX waiting jobs',
  })
  queue_backlog!: 'up' | 'down';
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ type: ReadinessChecksDto })
  checks!: ReadinessChecksDto;
}

/** The contract's /health: the same body with 200 (`ok`) or 503 (`degraded`, a store is down). */
export class HealthSummaryDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  @ApiProperty({ enum: ['RUNVS'] })
  app!: 'RUNVS';

  @ApiProperty({ example: 'production' })
  env!: string;

  @ApiProperty({ enum: ['up', 'down'] })
  database!: 'up' | 'down';

  @ApiProperty({ enum: ['up', 'down'] })
  redis!: 'up' | 'down';
}
