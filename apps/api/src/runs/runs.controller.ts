import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { FlagAppealDto, FlagAppealResponseDto } from './dto/flag-appeal.dto';
import {
  type BatchReceipt,
  type ChunkReceipt,
  type ChunkUpload,
  type RecoverableSession,
  type FlagAppeal,
  type RecoverView,
  type RunCompletionView,
  RunFlagAppealsService,
  RunRecordsService,
  type RunRecordDetail,
  RunSessionsService,
  type SharedRunDetail,
  SharedRunsService,
} from '@runvs/runs';
import { LargeJsonBody } from '../common/body-parsing';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';
import {
  BatchReceiptDto,
  ChunkReceiptDto,
  RecoverableSessionsDto,
  RecoverDto,
  RunCompletionDto,
  RunDetailDto,
  SessionCreatedDto,
} from './dto/runs-response.dto';
import { ChunkBatchDto, ChunkDto, CompleteRunDto, CreateSessionDto, RecoverSessionDto } from './dto/runs.dto';

function toChunk(dto: ChunkDto): ChunkUpload {
  return dto as unknown as ChunkUpload;
}

/** /runs: live sessions, chunks, completion, crash recovery and my run records (contract §5). */
@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(
    private readonly sessions: RunSessionsService,
    private readonly records: RunRecordsService,
    private readonly sharedRuns: SharedRunsService,
    private readonly appeals: RunFlagAppealsService,
  ) {}

  @Post('sessions')
  @HttpCode(201)
  @ApiCreatedResponse({ type: SessionCreatedDto })
  @ApiErrors([404, 'NOT_FOUND: no such course'], 422)
  createSession(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateSessionDto,
  ): Promise<{ session_id: string; created_at: string }> {
    return this.sessions.create(user.id, {
      courseId: body.course_id ?? null,
      startedAt: new Date(body.started_at),
      deviceInfo: body.device_info ? { ...body.device_info } : null,
      ghost: body.ghost ?? null,
    });
  }

  /** My unfinished sessions and what the server holds of each (spec path). */
  @Get('sessions/recover')
  @ApiOkResponse({ type: RecoverableSessionsDto })
  recoverable(@CurrentUser() user: AuthenticatedUser): Promise<{ data: RecoverableSession[] }> {
    return this.sessions.recoverable(user.id);
  }

  @Post('sessions/:id/chunks')
  @LargeJsonBody()
  @HttpCode(201)
  @ApiCreatedResponse({
    type: ChunkReceiptDto,
    description: 'stored (a resent identical chunk answers the same)',
  })
  @ApiErrors(
    [404, 'NOT_FOUND: no such session of mine'],
    [409, 'SESSION_COMPLETED / DUPLICATE_CHUNK (the sequence holds other points) / INVALID_SESSION_STATE'],
    413,
    422,
  )
  addChunk(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: ChunkDto,
  ): Promise<ChunkReceipt> {
    return this.sessions.addChunk(user.id, id, toChunk(body));
  }

  @Post('sessions/:id/chunks/batch')
  @LargeJsonBody()
  @HttpCode(200)
  @ApiOkResponse({ type: BatchReceiptDto })
  @ApiErrors([404, 'NOT_FOUND: no such session of mine'], 409, 413, 422)
  addChunks(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: ChunkBatchDto,
  ): Promise<BatchReceipt> {
    return this.sessions.addChunks(user.id, id, body.chunks.map(toChunk));
  }

  @Post('sessions/:id/complete')
  @LargeJsonBody()
  @HttpCode(201)
  @ApiCreatedResponse({
    type: RunCompletionDto,
    description: 'the run record; the pipeline runs on in the worker',
  })
  @ApiErrors(
    [404, 'NOT_FOUND: no such session of mine'],
    [409, 'SESSION_COMPLETED / INVALID_SESSION_STATE'],
    413,
    422,
  )
  complete(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: CompleteRunDto,
  ): Promise<RunCompletionView> {
    return this.sessions.complete(user.id, id, { ...body, finished_at: new Date(body.finished_at) });
  }

  @Post('sessions/:id/recover')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoverDto })
  @ApiErrors(
    [400, 'NO_CHUNKS: nothing to recover from'],
    [404, 'NOT_FOUND: no such session of mine'],
    [409, 'ALREADY_COMPLETED / INVALID_SESSION_STATE'],
    422,
  )
  recover(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: RecoverSessionDto,
  ): Promise<RecoverView> {
    return this.sessions.recover(user.id, id, {
      finished_at: new Date(body.finished_at),
      total_chunks: body.total_chunks,
      uploaded_chunk_sequences: body.uploaded_chunk_sequences,
    });
  }

  /** The app discarded the run: the session and its chunks go, no record is made. */
  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'discarded' })
  @ApiErrors([404, 'NOT_FOUND: no such session of mine'], 409, 422)
  discard(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.sessions.discard(user.id, id);
  }

  /** My run in full; a followed runner's run as followers may see it (privacy zones cut out). */
  @Get(':id')
  @ApiOkResponse({ type: RunDetailDto })
  @ApiErrors([404, 'NOT_FOUND: no such run, or not one I may see'], 422)
  detail(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
  ): Promise<RunRecordDetail | SharedRunDetail> {
    return this.sharedRuns.detailFor(user.id, id);
  }

  /** I appeal the anomaly flag on my run: it goes to the admins' queue of flagged runs. */
  @Post(':id/appeal')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: FlagAppealResponseDto, description: 'waiting for an admin' })
  @ApiErrors(
    [404, 'NOT_FOUND: no such run of mine'],
    [409, 'NOT_FLAGGED: the run is not flagged; ALREADY_APPEALED: an appeal is already waiting'],
    422,
  )
  appeal(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: FlagAppealDto,
  ): Promise<FlagAppeal> {
    return this.appeals.appeal(user.id, id, body.message);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted; boards, stats and totals are recomputed' })
  @ApiErrors([404, 'NOT_FOUND: no such run of mine'], 422)
  delete(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.records.delete(user.id, id);
  }
}
