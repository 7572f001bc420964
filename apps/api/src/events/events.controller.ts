import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Page } from '@runvs/common';
import {
  type EventMarker,
  type EventResponse,
  EventsService,
  type JoinResponse,
  type ParticipantItem,
} from '@runvs/events';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UuidParam } from '../common/uuid-param';
import {
  EventDto,
  EventMarkerDto,
  EventPageDto,
  JoinedEventDto,
  ParticipantPageDto,
} from './dto/events-response.dto';
import { CreateEventDto, EventsQueryDto, MapMarkersQueryDto, UpdateEventDto } from './dto/events.dto';

/**
 * /events: group challenges. Client paths and seed paths share handlers
 * (map-markers = markers; DELETE join = DELETE leave). Literal routes come before `:id`.
 */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOkResponse({ type: EventPageDto })
  @ApiErrors(422)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: EventsQueryDto): Promise<Page<EventResponse>> {
    return this.events.list(user.id, query.toQuery());
  }

  @Get(['map-markers', 'markers'])
  @ApiOkResponse({ type: [EventMarkerDto], description: 'open events with a place inside the viewport' })
  @ApiErrors(422)
  markers(@Query() query: MapMarkersQueryDto): Promise<EventMarker[]> {
    return this.events.markers(query.toViewport());
  }

  /** Any runner may organise an event, within the limits in README "Events"; admins freely. */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: EventDto })
  @ApiErrors(
    [400, 'EVENT_RATE_LIMIT: too many events today, or too many open ones'],
    [404, 'NOT_FOUND: no such course'],
    422,
  )
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateEventDto): Promise<EventResponse> {
    return this.events.create(user, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: EventDto })
  @ApiErrors([404, 'NOT_FOUND: no such event'], 422)
  detail(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<EventResponse> {
    return this.events.detail(user.id, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: EventDto })
  @ApiErrors(
    [403, 'FORBIDDEN: not the organiser (nor an admin)'],
    [404, 'NOT_FOUND: no such event or course'],
    [409, 'CONFLICT: the event was cancelled, or its course deleted'],
    [422, 'VALIDATION_ERROR / EVENT_ENDED'],
  )
  update(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Body() body: UpdateEventDto,
  ): Promise<EventResponse> {
    return this.events.update(user, id, body);
  }

  /** Cancels the event (organiser or admin). */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'cancelled; participants are told' })
  @ApiErrors([403, 'FORBIDDEN: not the organiser (nor an admin)'], [404, 'NOT_FOUND: no such event'], 422)
  cancel(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.events.cancel(user, id);
  }

  @Post(':id/join')
  @HttpCode(201)
  @ApiCreatedResponse({ type: JoinedEventDto })
  @ApiErrors(
    [404, 'NOT_FOUND: no such event'],
    [409, 'ALREADY_JOINED / EVENT_FULL'],
    [422, 'VALIDATION_ERROR / EVENT_ENDED'],
  )
  join(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<JoinResponse> {
    return this.events.join(user.id, id);
  }

  @Delete([':id/join', ':id/leave'])
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'left the event' })
  @ApiErrors([404, 'NOT_FOUND: no such event, or not taking part'], 422)
  leave(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.events.leave(user.id, id);
  }

  @Get(':id/participants')
  @ApiOkResponse({ type: ParticipantPageDto })
  @ApiErrors([404, 'NOT_FOUND: no such event'], 422)
  participants(
    @UuidParam('id') id: string,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<ParticipantItem>> {
    return this.events.participants(id, query.toPageRequest());
  }
}
