import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type PrivacyZoneView, PrivacyZonesService } from '@runvs/privacy';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';

export class PrivacyZoneDto implements PrivacyZoneView {
  @ApiProperty({ example: 37.5665, minimum: -90, maximum: 90 }) lat!: number;
  @ApiProperty({ example: 126.978, minimum: -180, maximum: 180 }) lng!: number;
  @ApiProperty({ example: 300, minimum: 100, maximum: 1000, description: 'whole metres' })
  radius_meters!: number;
}

/**
 * My privacy zones: up to 5 circles inside which my runs are cut out of what others see (follower
 * run detail, feed previews, heatmap, ghosts). The list is read and replaced whole.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('users/me/privacy-zones')
export class PrivacyZonesController {
  constructor(private readonly zones: PrivacyZonesService) {}

  @Get()
  @ApiOkResponse({ type: PrivacyZoneDto, isArray: true })
  @ApiErrors(401)
  list(@CurrentUser() user: AuthenticatedUser): Promise<PrivacyZoneView[]> {
    return this.zones.list(user.id);
  }

  @Put()
  @ApiBody({ type: PrivacyZoneDto, isArray: true, description: 'the whole list, at most 5 zones' })
  @ApiOkResponse({ type: PrivacyZoneDto, isArray: true, description: 'the list as stored' })
  @ApiErrors(401, [422, 'VALIDATION_ERROR: not a list, more than 5 zones, a bad lat/lng/radius_meters'])
  replace(@CurrentUser() user: AuthenticatedUser, @Body() body: unknown): Promise<PrivacyZoneView[]> {
    return this.zones.replace(user.id, body);
  }
}
