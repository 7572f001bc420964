import { Injectable } from '@nestjs/common';
import { countedRunSql, listedCourseSql, queryPreparedIn } from '@runvs/database';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Box, cellRange, FINEST_CELL_DEGREES, MAX_LEVEL, unionBox } from './heatmap-grid';

/** The start and the end of every run are left out so nobody's front door shows on the map. */
export const PRIVACY_TRIM_METERS = 200;
/** One sample every this many metres along the kept part of a route. */
export const SAMPLE_SPACING_METERS = 20;

export interface HeatmapCell {
  lat: number;
  lng: number;
  weight: number;
}

/**
 * The samples of run $1 (CTEs `run` … `public_samples`; $2 = PRIVACY_TRIM_METERS, $3 =
 * SAMPLE_SPACING_METERS): none unless the run is a public, unflagged, non-Strava running activity
 * (a run on a private or hidden course stays private too), its route trimmed at both ends, none
 * inside the runner's privacy zones.
 */
const RUN_SAMPLES_SQL = `WITH run AS (
         SELECT r.id, r.user_id, r.route_geometry::geometry AS line, ST_Length(r.route_geometry) AS length_m
           FROM run_records r
           LEFT JOIN courses c ON c.id = r.course_id
          WHERE r.id = $1
            AND r.route_geometry IS NOT NULL
            AND ${countedRunSql('r')}
            AND r.source <> 'strava'
            AND (r.course_id IS NULL OR ${listedCourseSql('c')})
       ), kept AS (
         SELECT id, user_id,
                ST_LineSubstring(line, $2 / length_m, 1 - $2 / length_m) AS line,
                length_m - 2 * $2 AS kept_m
           FROM run
          WHERE length_m > 2 * $2 + $3
       ), samples AS (
         SELECT id, user_id, (ST_DumpPoints(ST_LineInterpolatePoints(line, LEAST(1.0, $3 / kept_m)))).geom AS point
           FROM kept
       ), public_samples AS (
         SELECT s.id, s.point
           FROM samples s
          WHERE NOT EXISTS (SELECT 1 FROM privacy_zones z
                             WHERE z.user_id = s.user_id
                               AND ST_DWithin(z.center, s.point::geography, z.radius_meters))
       )`;

/**
 * A run's first samples, their cells and their extent in one round trip (a prepared statement):
 * the run-completion pipeline's case, where the run has none yet.
 */
const RECORD_NEW_RUN = {
  name: 'heatmap-record-new-run-v1',
  text: `${RUN_SAMPLES_SQL},
         points AS (
           INSERT INTO heatmap_points (run_record_id, point) SELECT id, point FROM public_samples
           RETURNING run_record_id, point
         ), cells AS (
           -- $4 = FINEST_CELL_DEGREES, $5 = MAX_LEVEL: as replaceRunPoints' cells
           INSERT INTO heatmap_cells (level, cell_y, cell_x, run_record_id, user_id)
           SELECT DISTINCT level,
                  floor(ST_Y(p.point) / ($4 * 2 ^ level))::int,
                  floor(ST_X(p.point) / ($4 * 2 ^ level))::int,
                  p.run_record_id, run.user_id
             FROM points p CROSS JOIN run CROSS JOIN generate_series(0, $5) AS level
         )
         SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
           FROM (SELECT ST_Extent(point) AS e FROM points) AS extent`,
};

/** A bounding box as SQL returns it: west null when there was nothing to bound. */
interface ExtentRow {
  west: number | null;
  south: number;
  east: number;
  north: number;
}

function boxOf(row: ExtentRow | undefined): Box | null {
  return row && row.west !== null
    ? { west: row.west, south: row.south, east: row.east, north: row.north }
    : null;
}

@Injectable()
export class HeatmapRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Rewrites a run's heatmap samples (RUN_SAMPLES_SQL; the privacy zones are read here, and runs
   * re-recorded when the zones change). Returns the bounding box of the old and new samples, whose
   * cached tiles are now stale, or null when nothing changed.
   */
  async replaceRunPoints(manager: EntityManager, runRecordId: string): Promise<Box | null> {
    const before = await this.extentOf(manager, runRecordId);
    await manager.query(`DELETE FROM heatmap_cells WHERE run_record_id = $1`, [runRecordId]);
    await manager.query(`DELETE FROM heatmap_points WHERE run_record_id = $1`, [runRecordId]);
    await manager.query(
      `${RUN_SAMPLES_SQL}
       INSERT INTO heatmap_points (run_record_id, point) SELECT id, point FROM public_samples`,
      [runRecordId, PRIVACY_TRIM_METERS, SAMPLE_SPACING_METERS],
    );
    await manager.query(
      `INSERT INTO heatmap_cells (level, cell_y, cell_x, run_record_id, user_id)
       SELECT DISTINCT level,
              floor(ST_Y(p.point) / ($2 * 2 ^ level))::int,
              floor(ST_X(p.point) / ($2 * 2 ^ level))::int,
              p.run_record_id, r.user_id
         FROM heatmap_points p JOIN run_records r ON r.id = p.run_record_id, generate_series(0, $3) AS level
        WHERE p.run_record_id = $1`,
      [runRecordId, FINEST_CELL_DEGREES, MAX_LEVEL],
    );
    await manager.query(`UPDATE run_records SET heatmap_at = now() WHERE id = $1`, [runRecordId]);
    const after = await this.extentOf(manager, runRecordId);
    return unionBox(before, after);
  }

  /**
   * The first recording of a run that has no samples yet (`heatmap_at` null: every writer of the
   * samples sets it in the same transaction), as `replaceRunPoints` but in one statement, leaving
   * `heatmap_at` to the caller's own update of the run. Returns the samples' bounding box.
   */
  async recordNewRun(manager: EntityManager, runRecordId: string): Promise<Box | null> {
    const [row] = await queryPreparedIn<ExtentRow>(manager, RECORD_NEW_RUN, [
      runRecordId,
      PRIVACY_TRIM_METERS,
      SAMPLE_SPACING_METERS,
      FINEST_CELL_DEGREES,
      MAX_LEVEL,
    ]);
    return boxOf(row);
  }

  /**
   * Distinct runs per grid cell of one level inside the boxes, heaviest cells first — only cells
   * that at least `minRunners` distinct runners passed through (k-anonymity: one runner's daily
   * loop, or a pair's, never shows as a line on the public map).
   */
  async aggregate(
    boxes: Box[],
    level: number,
    cell: number,
    limit: number,
    minRunners: number,
  ): Promise<HeatmapCell[]> {
    const parameters: number[] = [level, limit, minRunners];
    const ranges = boxes.map((box) => {
      const { x0, x1, y0, y1 } = cellRange(box, cell);
      parameters.push(y0, y1, x0, x1);
      const n = parameters.length;
      return `(cell_y BETWEEN $${n - 3} AND $${n - 2} AND cell_x BETWEEN $${n - 1} AND $${n})`;
    });
    const rows: Array<{ cell_y: number; cell_x: number; weight: number }> = await this.dataSource.query(
      `SELECT cell_y, cell_x, count(*)::int AS weight
         FROM heatmap_cells
        WHERE level = $1 AND (${ranges.join(' OR ')})
        GROUP BY cell_y, cell_x
       HAVING count(DISTINCT user_id) >= $3
        ORDER BY weight DESC, cell_y, cell_x
        LIMIT $2`,
      parameters,
    );
    return rows.map((row) => ({
      lat: round6((row.cell_y + 0.5) * cell),
      lng: round6((row.cell_x + 0.5) * cell),
      weight: row.weight,
    }));
  }

  private async extentOf(manager: EntityManager, runRecordId: string): Promise<Box | null> {
    const [row]: ExtentRow[] = await manager.query(
      `SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
         FROM (SELECT ST_Extent(point) AS e FROM heatmap_points WHERE run_record_id = $1) AS extent`,
      [runRecordId],
    );
    return boxOf(row);
  }
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
