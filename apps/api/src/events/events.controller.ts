import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page } from '@runvs/common';
import {
  type EventMarker,
  type EventResponse,
  EventsService,
  type JoinResponse,
  type ParticipantItem,
} from '@runvs/events';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UuidParam } from '../common/uuid-param';
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
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: EventsQueryDto): Promise<Page<EventResponse>> {
    return this.events.list(user.id, query.toQuery());
  }

  @Get(['map-markers', 'markers'])
  markers(@Query() query: MapMarkersQueryDto): Promise<EventMarker[]> {
    return this.events.markers(query.toViewport());
  }

  /** Any runner may organise an event, within the limits in README "Events"; admins freely. */
  @Post()
  @HttpCode(201)
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateEventDto): Promise<EventResponse> {
    return this.events.create(user, body);
  }

  @Get(':id')
  detail(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<EventResponse> {
    return this.events.detail(user.id, id);
  }

  @Patch(':id')
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
  cancel(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.events.cancel(user, id);
  }

  @Post(':id/join')
  @HttpCode(201)
  join(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<JoinResponse> {
    return this.events.join(user.id, id);
  }

  @Delete([':id/join', ':id/leave'])
  @HttpCode(204)
  leave(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    return this.events.leave(user.id, id);
  }

  @Get(':id/participants')
  participants(
    @UuidParam('id') id: string,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<ParticipantItem>> {
    return this.events.participants(id, query.toPageRequest());
  }
}
