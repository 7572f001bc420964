import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiHealthService, type HealthSummary, type Readiness } from '@runvs/observability';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { HealthSummaryDto, LivenessDto, ReadinessDto } from './dto/health.dto';

/**
 * Probes, public and outside /api/v1: /health/live (the process answers), /health/ready
 * (dependencies, schema, queue backlog), and the contract's /health (also under /api/v1).
 */
@ApiTags('health')
@Public()
@SkipThrottle()
@Controller()
export class HealthController {
  constructor(private readonly health: ApiHealthService) {}

  @Get(['health', 'api/v1/health'])
  @ApiOkResponse({
    type: HealthSummaryDto,
    description: 'both stores up; a store down answers 503 with this same body (status "degraded")',
  })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthSummary> {
    const summary = await this.health.summary();
    response.status(summary.status === 'ok' ? 200 : 503);
    return summary;
  }

  @Get('health/live')
  @ApiOkResponse({ type: LivenessDto, description: 'while the process serves requests' })
  live(): { status: 'ok' } {
    return this.health.live();
  }

  @Get('health/ready')
  @ApiOkResponse({
    type: ReadinessDto,
    description: 'ready; a probe answer, so not ready is 503 with this same body (status "unavailable")',
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<Readiness> {
    const readiness = await this.health.ready();
    response.status(readiness.status === 'ok' ? 200 : 503);
    return readiness;
  }
}
