import { Injectable } from '@nestjs/common';
import { courseVisibleSql } from '@runvs/courses';
import { activeBanSql } from '@runvs/identity';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { countedRunSql, effortPaceSql, queryPreparedIn } from '@runvs/database';
import type { BoardQuery } from './rankings.types';

/**
 * An effort is GPS-verified when the server itself matched a recorded GPS track of the run to the
 * course (a stored route and the matcher's figures) and no anomaly check flagged it.
 */
const GPS_VERIFIED_SQL = (run: string) =>
  `coalesce(${run}.route_geometry IS NOT NULL AND ${run}.route_match_percent IS NOT NULL
            AND ${run}.max_deviation_meters IS NOT NULL AND NOT ${run}.is_flagged, false)`;

export interface BoardRow {
  user_id: string;
  gps_verified: boolean;
  rank: number;
  best_duration_seconds: number;
  best_pace_seconds_per_km: number;
  run_count: number;
  achieved_at: Date;
  total: number;
  nickname: string | null;
  avatar_url: string | null;
  crew_name: string | null;
  country: string | null;
  total_distance_meters: number;
  rank_change: number | null;
}

export interface MyRankingRow {
  rank: number | null;
  best_duration_seconds: number;
  best_pace_seconds_per_km: number;
  previous_rank: number | null;
  run_count: number;
  total: number;
}

export interface MyRankingsRow {
  course_id: string;
  title: string;
  distance_meters: number;
  rank: number;
  best_duration_seconds: number;
  best_pace_seconds_per_km: number;
  run_count: number;
  achieved_at: Date;
  previous_rank: number | null;
  total: number;
}

export interface MyBestRow {
  id: string;
  duration_seconds: number;
  avg_pace_seconds_per_km: number | null;
  finished_at: Date;
}

/** A runner's board row before and after one run was counted on it. */
export interface BoardRowCounted {
  before_run_record_id: string | null;
  before_best: number | null;
  before_achieved_at: Date | null;
  before_rank: number | null;
  run_record_id: string | null;
  best_duration_seconds: number;
  achieved_at: Date;
  previous_rank: number | null;
  /** the runner's position after the run, and the board's size */
  rank: number;
  total: number;
  /** for a new best: the runners it passed, best first (at most the limit asked for); else empty */
  overtaken_user_ids: string[];
}

/**
 * The run counted on its runner's board row, with the row before and after, the position after
 * and, for a new best, the runners it passed (a range of the board's index): one round trip inside
 * the course board's critical section. The statement's snapshot is taken
 * after the board lock (the statement before), so it holds every earlier completion's row; the
 * runner's own old row never sorts ahead of the new best, so counting the rows ahead of the new
 * key in that snapshot is the position after this upsert.
 */
const COUNT_BOARD_RUN = {
  name: 'rankings-count-run-v4',
  text: `WITH old AS (
           SELECT run_record_id, best_duration_seconds, achieved_at,
                  ranking_position($1, best_duration_seconds, achieved_at, $2) AS rank
             FROM rankings WHERE course_id = $1 AND user_id = $2 FOR UPDATE
         ), run AS (
           SELECT id, moving_time_seconds, finished_at, ${effortPaceSql()} AS pace
             FROM run_records WHERE id = $3
         ), up AS (
           -- previous_rank carries the old position into EXCLUDED (null for a new row: it had none)
           INSERT INTO rankings AS k (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km,
                                      run_count, achieved_at, previous_rank)
           SELECT $1, $2, id, moving_time_seconds, pace, 1, finished_at, (SELECT rank FROM old) FROM run
           ON CONFLICT (course_id, user_id) DO UPDATE SET
             previous_best_duration_seconds = CASE
               WHEN ((EXCLUDED.best_duration_seconds, EXCLUDED.achieved_at, EXCLUDED.run_record_id)
                     < (k.best_duration_seconds, k.achieved_at, k.run_record_id)) IS NOT TRUE
                 THEN k.previous_best_duration_seconds
               WHEN EXCLUDED.best_duration_seconds < k.best_duration_seconds THEN k.best_duration_seconds
               ELSE NULL END,
             previous_rank = CASE
               WHEN ((EXCLUDED.best_duration_seconds, EXCLUDED.achieved_at, EXCLUDED.run_record_id)
                     < (k.best_duration_seconds, k.achieved_at, k.run_record_id)) IS NOT TRUE
                 THEN k.previous_rank
               WHEN EXCLUDED.best_duration_seconds < k.best_duration_seconds THEN EXCLUDED.previous_rank
               ELSE NULL END,
             run_record_id = CASE WHEN (EXCLUDED.best_duration_seconds, EXCLUDED.achieved_at, EXCLUDED.run_record_id)
                                       < (k.best_duration_seconds, k.achieved_at, k.run_record_id)
                                  THEN EXCLUDED.run_record_id ELSE k.run_record_id END,
             best_pace_seconds_per_km = CASE WHEN (EXCLUDED.best_duration_seconds, EXCLUDED.achieved_at, EXCLUDED.run_record_id)
                                                  < (k.best_duration_seconds, k.achieved_at, k.run_record_id)
                                             THEN EXCLUDED.best_pace_seconds_per_km ELSE k.best_pace_seconds_per_km END,
             achieved_at = CASE WHEN (EXCLUDED.best_duration_seconds, EXCLUDED.achieved_at, EXCLUDED.run_record_id)
                                     < (k.best_duration_seconds, k.achieved_at, k.run_record_id)
                                THEN EXCLUDED.achieved_at ELSE k.achieved_at END,
             best_duration_seconds = LEAST(EXCLUDED.best_duration_seconds, k.best_duration_seconds),
             run_count = k.run_count + 1,
             updated_at = now()
           RETURNING k.run_record_id::text, k.best_duration_seconds, k.achieved_at, k.previous_rank
         )
         SELECT old.run_record_id::text AS before_run_record_id, old.best_duration_seconds AS before_best,
                old.achieved_at AS before_achieved_at, old.rank AS before_rank, up.*,
                ranking_position($1, up.best_duration_seconds, up.achieved_at, $2) AS rank,
                (SELECT count(*)::int FROM rankings t WHERE t.course_id = $1)
                  + CASE WHEN old.run_record_id IS NULL THEN 1 ELSE 0 END AS total,
                -- who a new best passed: strictly slower than it (a tie passes nobody) and ahead of
                -- the old best (everyone behind when there was none), best first, at most $4
                CASE WHEN up.run_record_id = $3::text THEN ARRAY(
                  SELECT t.user_id::text FROM rankings t
                   WHERE t.course_id = $1 AND t.user_id <> $2 AND t.best_duration_seconds > up.best_duration_seconds
                     AND (old.run_record_id IS NULL
                          OR (t.best_duration_seconds, t.achieved_at, t.user_id) < (old.best_duration_seconds, old.achieved_at, $2::uuid))
                   ORDER BY t.best_duration_seconds, t.achieved_at, t.user_id
                   LIMIT $4) ELSE '{}'::text[] END AS overtaken_user_ids
           FROM up LEFT JOIN old ON true`,
};

const LOCK_COURSE_BOARD = {
  name: 'rankings-lock-board-v1',
  text: `SELECT pg_advisory_xact_lock(hashtext('rankings:' || $1::text))`,
};

/** SQL of the leaderboards: the `rankings` rows (one per runner and course) and board reads. */
@Injectable()
export class RankingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async courseExists(courseId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM courses WHERE id = $1`, [courseId])) as unknown[];
    return rows.length > 0;
  }

  /** The course exists and the viewer (null: anonymous) may see it (the courses' visibility rule). */
  /** Whether the course is public and hidden; null when there is no such course. */
  async visibilityFacts(courseId: string): Promise<{ is_public: boolean; is_hidden: boolean } | null> {
    const [row] = (await this.dataSource.query(`SELECT is_public, is_hidden FROM courses WHERE id = $1`, [
      courseId,
    ])) as Array<{ is_public: boolean; is_hidden: boolean }>;
    return row ?? null;
  }

  async courseVisible(courseId: string, viewerId: string | null): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM courses c WHERE c.id = $1 AND ${courseVisibleSql('c', '$2')}`,
      [courseId, viewerId],
    )) as unknown[];
    return rows.length > 0;
  }

  async timeZoneOf(userId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT time_zone FROM users WHERE id = $1`, [
      userId,
    ])) as Array<{
      time_zone: string;
    }>;
    return row?.time_zone ?? null;
  }

  /**
   * A course board: one page, the viewer's own row and the board's size. The default board (all
   * time, by time, everyone) is the order kept in `rankings` (one row per runner: best duration,
   * then earlier achievement); periods, pace and filters are derived from the eligible runs.
   */
  async board(
    courseId: string,
    viewerId: string | null,
    timeZone: string,
    query: BoardQuery,
  ): Promise<{ page: BoardRow[]; mine: BoardRow | undefined; total: number }> {
    // Efforts are timed from the track (moving_time_seconds), whatever a device's totals show on the run.
    const metric = query.sort === 'pace' ? 'pace' : 'moving_time_seconds';
    const since =
      query.period === 'all_time'
        ? 'NULLIF($3::text, $3::text)::timestamptz'
        : `(date_trunc('${query.period}', now() AT TIME ZONE $3) AT TIME ZONE $3)`;
    const allTimeByTime =
      query.period === 'all_time' &&
      query.sort === 'time' &&
      !query.followingOnly &&
      !query.country &&
      !query.gender &&
      !query.ageRange;
    // Parameters $2–$5 and $7–$9 only filter the general board; they are referenced so both share one list.
    const rankedBoard = `
      WITH board AS (
        SELECT k.user_id, k.run_record_id, k.best_duration_seconds, k.best_pace_seconds_per_km, k.run_count, k.achieved_at,
               row_number() OVER (ORDER BY k.best_duration_seconds, k.achieved_at, k.user_id)::int AS rank,
               count(*) OVER ()::int AS total
          FROM rankings k JOIN users u ON u.id = k.user_id
         WHERE k.course_id = $1 AND NOT ${activeBanSql('u')}
           AND ($2::uuid IS NULL OR $3::text IS NULL OR $4::text IS NULL OR NOT $5::boolean)
           AND ($7::text IS NULL OR $8::int IS NULL OR $9::int IS NULL OR true)
      )`;
    const derivedBoard = `
      WITH eligible AS (
        SELECT r.user_id, r.id, r.moving_time_seconds, r.finished_at, ${effortPaceSql('r')} AS pace
          FROM run_records r JOIN users u ON u.id = r.user_id
         WHERE r.course_id = $1 AND r.is_ranking_eligible AND NOT ${activeBanSql('u')}
           AND (${since} IS NULL OR r.finished_at >= ${since})
           AND ($4::text IS NULL OR u.country = $4)
           AND ($7::text IS NULL OR r.runner_gender = $7)
           AND ($8::int IS NULL OR r.runner_age >= $8)
           AND ($9::int IS NULL OR r.runner_age <= $9)
           AND (NOT $5::boolean OR r.user_id = $2
                OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $2 AND f.following_id = r.user_id))
      ), best AS (
        SELECT DISTINCT ON (user_id) * FROM eligible ORDER BY user_id, ${metric}, finished_at, id
      ), counts AS (
        SELECT user_id, count(*)::int AS run_count FROM eligible GROUP BY user_id
      ), board AS (
        SELECT b.user_id, b.id AS run_record_id, b.moving_time_seconds AS best_duration_seconds, b.pace AS best_pace_seconds_per_km,
               c.run_count, b.finished_at AS achieved_at,
               row_number() OVER (ORDER BY b.${metric}, b.finished_at, b.user_id)::int AS rank,
               count(*) OVER ()::int AS total
          FROM best b JOIN counts c USING (user_id)
      )`;
    const boardSql = `${allTimeByTime ? rankedBoard : derivedBoard}
      SELECT board.*, u.nickname, u.avatar_url, u.crew_name, u.country, u.total_distance_meters::float8,
             CASE WHEN $6::boolean AND k.previous_rank IS NOT NULL THEN k.previous_rank - board.rank END AS rank_change,
             ${GPS_VERIFIED_SQL('vr')} AS gps_verified
        FROM board JOIN users u ON u.id = board.user_id
        LEFT JOIN rankings k ON k.course_id = $1 AND k.user_id = board.user_id
        LEFT JOIN run_records vr ON vr.id = board.run_record_id`;
    const params = [
      courseId,
      viewerId,
      timeZone,
      query.country ?? null,
      query.followingOnly,
      allTimeByTime,
      query.gender ?? null,
      query.ageRange?.min ?? null,
      query.ageRange?.max ?? null,
    ];
    const page = (await this.dataSource.query(`${boardSql} ORDER BY rank LIMIT $10 OFFSET $11`, [
      ...params,
      query.perPage,
      query.page * query.perPage,
    ])) as BoardRow[];
    const [mine] = viewerId
      ? ((await this.dataSource.query(`${boardSql} WHERE board.user_id = $2`, params)) as BoardRow[])
      : [];
    let total = page[0]?.total ?? mine?.total;
    if (total === undefined) {
      const [counted] = (await this.dataSource.query(`${boardSql} LIMIT 1`, params)) as BoardRow[];
      total = counted?.total ?? 0;
    }
    return { page, mine, total };
  }

  async myRanking(courseId: string, userId: string): Promise<MyRankingRow | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT ranking_position(k.course_id, k.best_duration_seconds, k.achieved_at, k.user_id) AS rank,
              k.best_duration_seconds, k.best_pace_seconds_per_km, k.previous_rank, k.run_count,
              (SELECT count(*)::int FROM rankings WHERE course_id = $1) AS total
         FROM rankings k WHERE k.course_id = $1 AND k.user_id = $2`,
      [courseId, userId],
    )) as MyRankingRow[];
    return row;
  }

  async boardSize(courseId: string): Promise<number> {
    const [count] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM rankings WHERE course_id = $1`,
      [courseId],
    )) as Array<{ n: number }>;
    return count.n;
  }

  /** The user's fastest completed, counted run on the course (`runCounts`). */
  async myBest(courseId: string, userId: string): Promise<MyBestRow | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id, moving_time_seconds AS duration_seconds, ${effortPaceSql()} AS avg_pace_seconds_per_km, finished_at
         FROM run_records
        WHERE course_id = $1 AND user_id = $2 AND course_completed AND ${countedRunSql()}
        ORDER BY moving_time_seconds, finished_at LIMIT 1`,
      [courseId, userId],
    )) as MyBestRow[];
    return row;
  }

  /** The user's rows on every visible course board, best first. */
  async myRankings(userId: string): Promise<MyRankingsRow[]> {
    return (await this.dataSource.query(
      `SELECT k.course_id, c.title, c.distance_meters,
              ranking_position(k.course_id, k.best_duration_seconds, k.achieved_at, k.user_id) AS rank,
              k.best_duration_seconds, k.best_pace_seconds_per_km,
              k.run_count, k.achieved_at, k.previous_rank,
              (SELECT count(*)::int FROM rankings t WHERE t.course_id = k.course_id) AS total
         FROM rankings k JOIN courses c ON c.id = k.course_id
        WHERE k.user_id = $1 AND NOT c.is_hidden
        ORDER BY rank, k.achieved_at DESC`,
      [userId],
    )) as MyRankingsRow[];
  }

  /**
   * Serialises writes of one course's board until the commit: whole-board writes (deletions,
   * recalcs) and the pipeline's board step, so a completion reads its position and the runners it
   * passed after every earlier completion on the course committed (two runners finishing at once
   * are never both told they are first). The course's stats row, written right after, serialises
   * those transactions from there on anyway.
   */
  async lockCourseBoard(manager: EntityManager, courseId: string): Promise<void> {
    await queryPreparedIn(manager, LOCK_COURSE_BOARD, [courseId]);
  }

  /**
   * Counts one eligible run on the runner's board row (the pipeline's incremental step): run_count
   * + 1, and the run becomes the best when it sorts before the current best (duration, then finish
   * time, then run id — the order `rebuildRankings` picks the best by), the old best and rank then
   * becoming `previous_*`. Returns the row before and after, and whom a new best passed (strictly
   * slower than it, ahead of the old best; at most `overtakenLimit`).
   */
  async countRun(
    manager: EntityManager,
    courseId: string,
    userId: string,
    runRecordId: string,
    overtakenLimit: number,
  ): Promise<BoardRowCounted> {
    const [row] = await queryPreparedIn<BoardRowCounted>(manager, COUNT_BOARD_RUN, [
      courseId,
      userId,
      runRecordId,
      overtakenLimit,
    ]);
    return row;
  }

  /**
   * Rebuilds leaderboard rows of a course (all users, or one) from its ranking-eligible runs that
   * the pipeline has ranked (`ranked_at`; a run waiting for its pipeline is counted by it):
   * best = lowest duration (earlier run on ties), run_count = eligible runs. When the best moves
   * to a faster run, the old best and rank become `previous_*` (rank_change); a best that got
   * slower (its run was deleted) clears them. Rows without eligible runs go. Positions are read
   * (`ranking_position`), never stored.
   */
  async rebuildRankings(manager: EntityManager, courseId: string, userId: string | null): Promise<void> {
    await manager.query(
      `WITH eligible AS (
         SELECT user_id, id, moving_time_seconds, finished_at, ${effortPaceSql()} AS pace
           FROM run_records
          WHERE course_id = $1 AND is_ranking_eligible AND ranked_at IS NOT NULL AND ($2::uuid IS NULL OR user_id = $2)
       ), best AS (
         SELECT DISTINCT ON (user_id) * FROM eligible ORDER BY user_id, moving_time_seconds, finished_at, id
       ), counts AS (
         SELECT user_id, count(*)::int AS n FROM eligible GROUP BY user_id
       ), positions AS (
         SELECT user_id, row_number() OVER (ORDER BY best_duration_seconds, achieved_at, user_id)::int AS position
           FROM rankings WHERE course_id = $1
       )
       -- previous_rank carries each runner's position before the rebuild into EXCLUDED
       INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km,
                             run_count, achieved_at, previous_rank)
       SELECT $1, b.user_id, b.id, b.moving_time_seconds, b.pace, c.n, b.finished_at, p.position
         FROM best b JOIN counts c USING (user_id) LEFT JOIN positions p USING (user_id)
       ON CONFLICT (course_id, user_id) DO UPDATE SET
         previous_best_duration_seconds = CASE
           WHEN rankings.run_record_id IS NOT DISTINCT FROM EXCLUDED.run_record_id THEN rankings.previous_best_duration_seconds
           WHEN EXCLUDED.best_duration_seconds < rankings.best_duration_seconds THEN rankings.best_duration_seconds
           ELSE NULL END,
         previous_rank = CASE
           WHEN rankings.run_record_id IS NOT DISTINCT FROM EXCLUDED.run_record_id THEN rankings.previous_rank
           WHEN EXCLUDED.best_duration_seconds < rankings.best_duration_seconds THEN EXCLUDED.previous_rank
           ELSE NULL END,
         run_record_id = EXCLUDED.run_record_id,
         best_duration_seconds = EXCLUDED.best_duration_seconds,
         best_pace_seconds_per_km = EXCLUDED.best_pace_seconds_per_km,
         run_count = EXCLUDED.run_count,
         achieved_at = EXCLUDED.achieved_at,
         updated_at = now()`,
      [courseId, userId],
    );
    await manager.query(
      `DELETE FROM rankings k
        WHERE k.course_id = $1 AND ($2::uuid IS NULL OR k.user_id = $2)
          AND NOT EXISTS (SELECT 1 FROM run_records r
                           WHERE r.course_id = $1 AND r.user_id = k.user_id AND r.is_ranking_eligible
                             AND r.ranked_at IS NOT NULL)`,
      [courseId, userId],
    );
  }
}
