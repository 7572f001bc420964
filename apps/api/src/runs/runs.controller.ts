import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  type BatchReceipt,
  type ChunkReceipt,
  type ChunkUpload,
  type RecoverableSession,
  type RecoverView,
  type RunCompletionView,
  RunRecordsService,
  type RunRecordDetail,
  RunSessionsService,
  type SharedRunDetail,
  SharedRunsService,
} from '@runvs/runs';
import { LargeJsonBody } from '../common/body-parsing';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import { ChunkBatchDto, ChunkDto, CompleteRunDto, CreateSessionDto, RecoverSessionDto } from './dto/runs.dto';

function toChunk(dto: ChunkDto): ChunkUpload {
  return dto as unknown as ChunkUpload;
}

/** /runs: live sessions, chunks, completion, crash recovery and my run records (contract §5). */
@ApiTags('runs')
@ApiBearerAuth()
@Controller('runs')
export class RunsController {
  constructor(
    private readonly sessions: RunSessionsService,
    private readonly records: RunRecordsService,
    private readonly sharedRuns: SharedRunsService,
  ) {}

  @Post('sessions')
  @HttpCode(201)
  createSession(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateSessionDto,
  ): Promise<{ session_id: string; created_at: string }> {
    return this.sessions.create(user.id, {
      courseId: body.course_id ?? null,
      startedAt: new Date(body.started_at),
      deviceInfo: body.device_info ? { ...body.device_info } : null,
    });
  }

  /** My unfinished sessions and what the server holds of each (spec path). */
  @Get('sessions/recover')
  recoverable(@CurrentUser() user: AuthenticatedUser): Promise<{ data: RecoverableSession[] }> {
    return this.sessions.recoverable(user.id);
  }

  @Post('sessions/:id/chunks')
  @LargeJsonBody()
  @HttpCode(201)
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
  complete(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: CompleteRunDto,
  ): Promise<RunCompletionView> {
    return this.sessions.complete(user.id, id, { ...body, finished_at: new Date(body.finished_at) });
  }

  @Post('sessions/:id/recover')
  @HttpCode(200)
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
  discard(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.sessions.discard(user.id, id);
  }

  /** My run in full; a followed runner's run as followers may see it (privacy zones cut out). */
  @Get(':id')
  detail(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
  ): Promise<RunRecordDetail | SharedRunDetail> {
    return this.sharedRuns.detailFor(user.id, id);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.records.delete(user.id, id);
  }
}
