import { ApiInteger, ApiNumber, ApiString, ApiUuid } from './api-responses';

/** A course inside a row about something else (a run, a ranking): enough to name it and link to it. */
export class CourseSummaryDto {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiNumber() distance_meters!: number;
}

/** A course's run counters as course lists show them (the course list, my courses). */
export class CourseListStatsDto {
  @ApiInteger() total_runs!: number;
  @ApiInteger() unique_runners!: number;
  @ApiNumber({ nullable: true }) avg_pace_seconds_per_km!: number | null;
}
