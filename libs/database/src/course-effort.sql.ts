/**
 * A run as a course effort: timed from the track, never by what a device showed. An import shows
 * the device's own totals in `distance_meters`/`duration_seconds`; course boards, course stats,
 * ghosts and the creator's effort read our own figures (`moving_time_seconds`,
 * `gps_distance_meters`), equal to the shown ones for every other run.
 */

/**
 * SQL of an effort's pace (s/km) from the track: the run's stored average pace when it shows our
 * own figures, else our moving time over our GPS distance (0 without a distance).
 */
export function effortPaceSql(run = ''): string {
  const c = (column: string) => (run ? `${run}.${column}` : column);
  return `CASE WHEN ${c('avg_pace_seconds_per_km')} IS NOT NULL AND ${c('gps_distance_meters')} = ${c('distance_meters')}
                    AND ${c('moving_time_seconds')} = ${c('duration_seconds')} THEN ${c('avg_pace_seconds_per_km')}
               WHEN ${c('gps_distance_meters')} > 0
                    THEN floor(${c('moving_time_seconds')} / (${c('gps_distance_meters')} / 1000.0))::int
               ELSE 0 END`;
}
