import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminPipelineService, type PipelineFailureItem, type PipelineRedriveResult } from '@runvs/admin';
import type { Page } from '@runvs/common';
import { type JobFailureDetail, type JobFailureItem, JobFailuresService } from '@runvs/queue';
import { AdminOnly } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UuidParam } from '../common/uuid-param';
import {
  JobFailureDetailDto,
  JobFailurePageDto,
  JobFailuresQueryDto,
  PipelineFailurePageDto,
  PipelineRedriveDto,
} from './admin-jobs.dto';

/** Failed background work, visible and re-drivable (admins only). */
@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@ApiErrors(401, 403, 422)
@Controller('admin')
export class AdminJobsController {
  constructor(
    private readonly jobFailures: JobFailuresService,
    private readonly pipelines: AdminPipelineService,
  ) {}

  /** Jobs that failed for good, newest first, with the reason and whether retrying may help. */
  @Get('jobs/failures')
  @ApiOkResponse({ type: JobFailurePageDto })
  failures(@Query() query: JobFailuresQueryDto): Promise<Page<JobFailureItem>> {
    return this.jobFailures.list(
      { status: query.status, queue: query.queue, retryable: query.retryable },
      query.toPageRequest(),
    );
  }

  @Get('jobs/failures/:id')
  @ApiOkResponse({ type: JobFailureDetailDto })
  @ApiErrors(404)
  failure(@UuidParam('id') id: string): Promise<JobFailureDetail> {
    return this.jobFailures.get(id);
  }

  /** Runs the failed job again now (retryable or not); resolved when the re-drive succeeds. */
  @Post('jobs/failures/:id/redrive')
  @HttpCode(200)
  @ApiOkResponse({ type: JobFailureDetailDto })
  @ApiErrors(404, [409, 'CONFLICT: the failure is already resolved'])
  redrive(@UuidParam('id') id: string): Promise<JobFailureDetail> {
    return this.jobFailures.redrive(id);
  }

  /** Closes a failure that should not be re-driven (also stops its automatic re-drives). */
  @Post('jobs/failures/:id/dismiss')
  @HttpCode(200)
  @ApiOkResponse({ type: JobFailureDetailDto })
  @ApiErrors(404, [409, 'CONFLICT: the failure is already resolved'])
  dismiss(@UuidParam('id') id: string): Promise<JobFailureDetail> {
    return this.jobFailures.dismiss(id);
  }

  /** Runs whose completion pipeline failed for good, with the pipeline's error. */
  @Get('runs/pipeline-failures')
  @ApiOkResponse({ type: PipelineFailurePageDto })
  pipelineFailures(@Query() query: PaginationQueryDto): Promise<Page<PipelineFailureItem>> {
    return this.pipelines.failedRuns(query.toPageRequest());
  }

  /** Runs the run's completion pipeline again (202: queued); it resumes where it stopped. */
  @Post('runs/:id/pipeline/redrive')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: PipelineRedriveDto })
  @ApiErrors(404, [409, 'CONFLICT: the pipeline already completed'])
  redrivePipeline(@UuidParam('id') id: string): Promise<PipelineRedriveResult> {
    return this.pipelines.redrive(id);
  }
}
