import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  StravaConnectionService,
  type StravaConnectionStatus,
  StravaSyncService,
  StravaWebhookService,
} from '@runvs/strava';
import { type AuthenticatedUser, CurrentUser, Public } from '../auth/auth.decorators';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.decorator';
import { StravaCallbackDto, StravaWebhookEventDto, SyncAllQueryDto } from './strava.dto';

/** Strava connection (contract §12) and Strava's webhook. */
@ApiTags('strava')
@ApiBearerAuth()
@Controller('strava')
export class StravaController {
  constructor(
    private readonly connections: StravaConnectionService,
    private readonly sync: StravaSyncService,
    private readonly webhook: StravaWebhookService,
  ) {}

  @Get('auth-url')
  @RateLimitBucket('strava')
  authUrl(@CurrentUser() user: AuthenticatedUser): { auth_url: string; state: string } {
    return this.connections.authUrl(user.id);
  }

  @Post('callback')
  @HttpCode(200)
  @RateLimitBucket('strava')
  callback(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: StravaCallbackDto,
  ): Promise<StravaConnectionStatus> {
    return this.connections.connect(user.id, body);
  }

  @Post('sync-all')
  @HttpCode(202)
  @RateLimitBucket('strava')
  syncAll(@CurrentUser() user: AuthenticatedUser, @Query() query: SyncAllQueryDto) {
    return this.sync.syncAll(user.id, query.max_activities);
  }

  @Get('status')
  status(@CurrentUser() user: AuthenticatedUser): Promise<StravaConnectionStatus> {
    return this.connections.status(user.id);
  }

  @Delete('disconnect')
  @HttpCode(204)
  async disconnect(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.connections.disconnect(user.id);
  }

  /** Subscription validation: echo `hub.challenge` when `hub.verify_token` is ours. */
  @Get('webhook')
  @Public()
  webhookChallenge(@Query() query: Record<string, unknown>): { 'hub.challenge': string } {
    return this.webhook.challenge(query);
  }

  /** Activity create/update/delete and athlete deauthorization: queued, answered at once. */
  @Post('webhook')
  @Public()
  @HttpCode(200)
  async webhookEvent(@Body() event: StravaWebhookEventDto): Promise<{ received: true }> {
    await this.webhook.event(event);
    return { received: true };
  }
}
