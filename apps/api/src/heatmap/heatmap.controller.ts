import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type HeatmapCell, HeatmapService } from '@runvs/heatmap';
import { Type } from 'class-transformer';
import { IsInt, IsLatitude, IsLongitude, IsOptional, Max, Min } from 'class-validator';
import { Public } from '../auth/auth.decorators';
import { ApiErrors, ApiInteger, ApiNumber } from '../common/api-responses';
import { validationError } from '../common/validation';

export class HeatmapQueryDto {
  @Type(() => Number) @IsLatitude() sw_lat!: number;
  @Type(() => Number) @IsLongitude() sw_lng!: number;
  @Type(() => Number) @IsLatitude() ne_lat!: number;
  @Type(() => Number) @IsLongitude() ne_lng!: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  limit: number = 5_000;
}

export class HeatmapCellDto implements HeatmapCell {
  @ApiNumber({ description: "the cell's centre" }) lat!: number;
  @ApiNumber({ description: "the cell's centre" }) lng!: number;
  @ApiInteger({ description: 'distinct public runs through the cell' }) weight!: number;
}

@ApiTags('heatmap')
@Public()
@Controller('heatmap')
export class HeatmapController {
  constructor(private readonly heatmap: HeatmapService) {}

  /** Distinct public runs per grid cell of the viewport (a west edge east of the east edge crosses ±180°). */
  @Get()
  @ApiOkResponse({ type: [HeatmapCellDto], description: 'heaviest first' })
  @ApiErrors(422)
  get(@Query() query: HeatmapQueryDto): Promise<HeatmapCell[]> {
    if (query.sw_lat > query.ne_lat) {
      throw validationError([{ field: 'sw_lat', messages: ['sw_lat must not be north of ne_lat'] }]);
    }
    return this.heatmap.heatmap(
      { swLat: query.sw_lat, swLng: query.sw_lng, neLat: query.ne_lat, neLng: query.ne_lng },
      query.limit,
    );
  }
}
