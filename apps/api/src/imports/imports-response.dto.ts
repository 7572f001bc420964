import { ApiProperty } from '@nestjs/swagger';
import type { ImportSource, ImportStatus } from '@runvs/database';
import type { ImportAccepted, ImportCourseMatch, ImportDetail, ImportSummary } from '@runvs/imports';
import {
  ApiBoolean,
  ApiDateTime,
  ApiInteger,
  ApiNumber,
  ApiString,
  ApiUuid,
  PageOf,
} from '../common/api-responses';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

const IMPORT_STATUSES: ImportStatus[] = ['pending', 'processing', 'completed', 'failed'];
const IMPORT_SOURCES: ImportSource[] = ['gpx_upload', 'fit_upload', 'tcx_upload', 'strava'];

export class ImportSummaryDto implements ImportSummary {
  @ApiNumber({
    description: "the run's shown distance: the device's own total when the file carries one, else ours",
  })
  distance_meters!: number;
  @ApiNumber({
    description: "the run's shown duration: the device's timer time when the file carries it, else ours",
  })
  duration_seconds!: number;
  @ApiNumber({ nullable: true, description: 'from the shown distance and duration' })
  avg_pace_seconds_per_km!: number | null;
  @ApiNumber() elevation_gain_meters!: number;
  @ApiNumber() elevation_loss_meters!: number;
  @ApiInteger() point_count!: number;
  @ApiString({ nullable: true }) source_device!: string | null;
  @ApiProperty({
    type: [String],
    description:
      "why the run is not shown as a plain run (implausible track, partial file…) and its data notes (our figures and the device's differ by more than 3 %, damage read past); empty when none",
  })
  warnings!: string[];
  @ApiNumber({ required: false, description: 'ours: the GPS distance of the cleaned track' })
  gps_distance_meters?: number;
  @ApiNumber({
    required: false,
    description: 'ours: moving time from the track — what course efforts and boards are timed by',
  })
  moving_time_seconds?: number;
  @ApiNumber({ required: false, nullable: true, description: 'first to last GPS fix' })
  elapsed_seconds?: number | null;
  @ApiNumber({ required: false, nullable: true, description: "the device's own session distance" })
  device_distance_meters?: number | null;
  @ApiNumber({
    required: false,
    nullable: true,
    description: "the device's own timer time (Strava: the activity's moving time)",
  })
  device_timer_seconds?: number | null;
}

export class ImportCourseMatchDto implements ImportCourseMatch {
  @ApiUuid() course_id!: string;
  @ApiString() course_title!: string;
  @ApiNumber() match_percent!: number;
  @ApiBoolean() is_completed!: boolean;
}

export class ImportDetailDto implements ImportDetail {
  @ApiUuid() id!: string;
  @ApiProperty({ enum: IMPORT_SOURCES, enumName: 'ImportSource' }) source!: ImportSource;
  @ApiProperty({ enum: IMPORT_STATUSES, enumName: 'ImportStatus' }) status!: ImportStatus;
  @ApiString({ nullable: true, description: "the provider's activity id (Strava)" })
  external_id!: string | null;
  @ApiString({ nullable: true }) original_filename!: string | null;
  @ApiString({ nullable: true, example: 'gpx' }) file_type!: string | null;
  @ApiProperty({ type: ImportSummaryDto, nullable: true }) import_summary!: ImportSummaryDto | null;
  @ApiProperty({ type: ImportCourseMatchDto, nullable: true }) course_match!: ImportCourseMatchDto | null;
  @ApiUuid({ nullable: true, description: 'the run it created' }) run_record_id!: string | null;
  @ApiString({ nullable: true }) error_message!: string | null;
  @ApiInteger({ minimum: 0, maximum: 100 }) progress_percent!: number;
  @ApiString({ nullable: true, example: 'running' }) activity_type!: string | null;
  @ApiUuid({ nullable: true, description: 'the activity was already recorded as this run' })
  duplicate_of_run_id!: string | null;
  @ApiUuid({ nullable: true }) duplicate_of_import_id!: string | null;
  @ApiDateTime() created_at!: string;
  @ApiDateTime({ nullable: true }) completed_at!: string | null;
}

export class ImportPageDto extends PageOf(ImportDetailDto) {}

export class ImportAcceptedDto implements ImportAccepted {
  @ApiUuid() import_id!: string;
  @ApiProperty({ enum: IMPORT_STATUSES, enumName: 'ImportStatus' }) status!: ImportStatus;
  @ApiString() message!: string;
  @ApiUuid({
    required: false,
    description: 'set when the very same file was uploaded before: that import is reported instead',
  })
  duplicate_of_import_id?: string;
}
