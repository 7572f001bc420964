import { ApiProperty } from '@nestjs/swagger';

/** A GeoJSON LineString as request bodies carry it (for the document; the libs check its shape). */
export class LineStringDto {
  @ApiProperty({ enum: ['LineString'] }) type!: 'LineString';
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'number' } },
    description: '[[lng, lat(, altitude)], …]',
  })
  coordinates!: number[][];
}
