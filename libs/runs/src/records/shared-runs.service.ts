import { listedCourseSql } from '@runvs/courses';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { notFound } from '@runvs/common';
import { type LngLat, toLngLatPairs } from '@runvs/geo';
import { PrivacyZonesService } from '@runvs/privacy';
import { DataSource } from 'typeorm';
import { RunRecordsService } from './run-records.service';
import type { RunRecordDetail, SharedRunDetail } from './run-views';

/**
 * A run as its viewer may see it: the owner sees everything; a follower of the owner (no block
 * either way) sees runs that are not Strava-sourced (Strava's API agreement), not flagged as
 * anomalous and not on a private or hidden course — the same runs the activity feed shows — with the route cut out of the
 * owner's privacy zones and the private parts (client summary, flag reasons) left out. Anyone else
 * gets 404, as for a run that does not exist.
 */
@Injectable()
export class SharedRunsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: RunRecordsService,
    private readonly privacy: PrivacyZonesService,
  ) {}

  async detailFor(viewerId: string, runRecordId: string): Promise<RunRecordDetail | SharedRunDetail> {
    const [access] = (await this.dataSource.query(
      `SELECT r.user_id,
              r.source <> 'strava'
              AND NOT r.is_flagged
              AND (r.course_id IS NULL OR ${listedCourseSql('c')})
              AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $2 AND f.following_id = r.user_id)
              AND NOT EXISTS (SELECT 1 FROM user_blocks b
                               WHERE (b.blocker_id = $2 AND b.blocked_id = r.user_id)
                                  OR (b.blocker_id = r.user_id AND b.blocked_id = $2)) AS follower_may_see
         FROM run_records r LEFT JOIN courses c ON c.id = r.course_id
        WHERE r.id = $1`,
      [runRecordId, viewerId],
    )) as Array<{ user_id: string; follower_may_see: boolean }>;
    if (!access) throw notFound('Run record');
    if (access.user_id === viewerId) return this.records.detail(viewerId, runRecordId);
    if (!access.follower_may_see) throw notFound('Run record');
    const full = await this.records.detail(access.user_id, runRecordId);
    return this.forFollower(full);
  }

  private async forFollower(full: RunRecordDetail): Promise<SharedRunDetail> {
    let route: SharedRunDetail['route_geometry'] = null;
    let redacted = false;
    if (full.route_geometry) {
      const line = toLngLatPairs(full.route_geometry.coordinates);
      const pieces = await this.privacy.lineForOthers(full.user_id, line);
      redacted = !(pieces.length === 1 && samePositions(pieces[0], line));
      route =
        pieces.length === 1 && !redacted
          ? { type: 'LineString', coordinates: pieces[0] }
          : { type: 'MultiLineString', coordinates: pieces };
    }
    return {
      ...full,
      route_geometry: route,
      route_redacted: redacted,
      // The owner's race against their ghost is theirs.
      ghost_comparison: null,
      client_summary: null,
      flag_reason: null,
      flag_reasons: [],
      board_exclusion: null,
    };
  }
}

function samePositions(a: readonly LngLat[], b: readonly LngLat[]): boolean {
  return a.length === b.length && a.every((p, i) => p[0] === b[i][0] && p[1] === b[i][1]);
}
