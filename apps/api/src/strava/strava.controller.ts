import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import type { Response } from 'express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  type StravaActivityItem,
  StravaActivityListService,
  StravaConnectionService,
  type StravaConnectionStatus,
  StravaSyncService,
  StravaWebhookService,
} from '@runvs/strava';
import { type AuthenticatedUser, CurrentUser, Public } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.decorator';
import {
  StravaActivitiesQueryDto,
  StravaActivityDto,
  StravaActivityQueuedDto,
  StravaAuthUrlDto,
  StravaBulkSyncAcceptedDto,
  StravaChallengeDto,
  StravaConnectionStatusDto,
  StravaSyncAcceptedDto,
  StravaWebhookReceivedDto,
  StravaCallbackDto,
  StravaSyncDto,
  StravaWebhookEventDto,
  SyncAllQueryDto,
} from './strava.dto';

/** Strava connection (contract §12) and Strava's webhook. */
@ApiTags('strava')
@ApiBearerAuth()
@Controller('strava')
export class StravaController {
  constructor(
    private readonly connections: StravaConnectionService,
    private readonly activityList: StravaActivityListService,
    private readonly sync: StravaSyncService,
    private readonly webhook: StravaWebhookService,
  ) {}

  @Get('auth-url')
  @RateLimitBucket('strava')
  @ApiOkResponse({ type: StravaAuthUrlDto })
  @ApiErrors(429, [503, 'FEATURE_DISABLED: Strava is not configured'])
  authUrl(@CurrentUser() user: AuthenticatedUser): { auth_url: string; state: string } {
    return this.connections.authUrl(user.id);
  }

  @Post('callback')
  @HttpCode(200)
  @RateLimitBucket('strava')
  @ApiOkResponse({ type: StravaConnectionStatusDto, description: 'connected; the first backfill is queued' })
  @ApiErrors(
    [400, 'STRAVA_STATE_INVALID / STRAVA_TOKEN_EXCHANGE_FAILED'],
    422,
    429,
    [502, 'STRAVA_API_ERROR'],
    [503, 'FEATURE_DISABLED: Strava is not configured'],
  )
  callback(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: StravaCallbackDto,
  ): Promise<StravaConnectionStatus> {
    return this.connections.connect(user.id, body);
  }

  @Post('sync-all')
  @HttpCode(202)
  @RateLimitBucket('strava')
  @ApiAcceptedResponse({ type: StravaBulkSyncAcceptedDto })
  @ApiErrors([400, 'STRAVA_NOT_CONNECTED'], 422, 429, [503, 'FEATURE_DISABLED: Strava is not configured'])
  syncAll(@CurrentUser() user: AuthenticatedUser, @Query() query: SyncAllQueryDto) {
    return this.sync.syncAll(user.id, query.max_activities);
  }

  /** The athlete's latest Strava runs (paged by `before_ts`), each with whether it is imported, its run, and why not. */
  @Get('activities')
  @RateLimitBucket('strava')
  @ApiOkResponse({ type: [StravaActivityDto] })
  @ApiErrors(
    [400, 'STRAVA_NOT_CONNECTED'],
    422,
    429,
    [502, 'STRAVA_API_ERROR'],
    [503, 'FEATURE_DISABLED: Strava is not configured'],
  )
  activities(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: StravaActivitiesQueryDto,
  ): Promise<StravaActivityItem[]> {
    return this.activityList.list(user.id, {
      perPage: query.per_page,
      afterTs: query.after_ts,
      beforeTs: query.before_ts,
    });
  }

  /**
   * One activity (`strava_activity_id`: 201 with its pending import), a selection
   * (`strava_activity_ids`) or everything `since` a date (202 with the sync's progress).
   */
  @Post('sync')
  @RateLimitBucket('strava')
  @ApiCreatedResponse({ type: StravaActivityQueuedDto, description: 'one activity: its pending import' })
  @ApiAcceptedResponse({
    type: StravaSyncAcceptedDto,
    description: "a selection or `since`: the sync's progress",
  })
  @ApiErrors(
    [400, 'STRAVA_NOT_CONNECTED'],
    [409, 'CONFLICT: the activity is already imported'],
    [422, 'VALIDATION_ERROR: not exactly one of the three fields, or `since` in the future'],
    429,
    [503, 'FEATURE_DISABLED: Strava is not configured'],
  )
  async syncSome(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: StravaSyncDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const given = (['strava_activity_id', 'strava_activity_ids', 'since'] as const).filter(
      (field) => body[field] !== undefined,
    );
    if (given.length !== 1) {
      throw new DomainError(
        'VALIDATION_ERROR',
        'Give exactly one of strava_activity_id, strava_activity_ids or since.',
        {
          fields: [
            {
              field: given[1] ?? 'strava_activity_id',
              messages: ['give exactly one of strava_activity_id, strava_activity_ids or since'],
            },
          ],
        },
      );
    }
    if (body.strava_activity_id !== undefined) {
      res.status(201);
      return this.sync.syncOne(user.id, body.strava_activity_id);
    }
    res.status(202);
    return this.sync.syncMany(user.id, {
      activityIds: body.strava_activity_ids,
      since: body.since === undefined ? undefined : new Date(body.since),
    });
  }

  @Get('status')
  @ApiOkResponse({ type: StravaConnectionStatusDto })
  status(@CurrentUser() user: AuthenticatedUser): Promise<StravaConnectionStatus> {
    return this.connections.status(user.id);
  }

  @Delete('disconnect')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deauthorized at Strava; what came from Strava is deleted' })
  async disconnect(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.connections.disconnect(user.id);
  }

  /** Subscription validation: echo `hub.challenge` when `hub.verify_token` is ours. */
  @Get('webhook')
  @Public()
  @ApiOkResponse({ type: StravaChallengeDto })
  @ApiErrors([403, 'FORBIDDEN: not our verify token'], [422, 'VALIDATION_ERROR: no hub.challenge'])
  webhookChallenge(@Query() query: Record<string, unknown>): { 'hub.challenge': string } {
    return this.webhook.challenge(query);
  }

  /** Activity create/update/delete and athlete deauthorization: queued, answered at once. */
  @Post('webhook')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: StravaWebhookReceivedDto })
  @ApiErrors(422)
  async webhookEvent(@Body() event: StravaWebhookEventDto): Promise<{ received: true }> {
    await this.webhook.event(event);
    return { received: true };
  }
}
