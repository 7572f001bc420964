import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RankingOutcome } from '../rankings/ranking.rules';

export interface PipelineRun {
  id: string;
  user_id: string;
  course_id: string | null;
  source: string;
  is_flagged: boolean;
  is_ranking_eligible: boolean;
  finished_at: Date;
  checkpoint_passes: unknown;
  pipeline_completed_at: Date | null;
  [stage: string]: unknown;
}

export interface MatchInput {
  course_line: { coordinates: number[][] } | null;
  is_hidden: boolean;
  checkpoints: Array<{ id: number }> | null;
  run_line: { coordinates: number[][] } | null;
}

export interface MatchOutcome {
  courseCompleted: boolean;
  routeMatchPercent: number | null;
  maxDeviationMeters: number | null;
  completion: unknown;
  eligible: boolean;
  checkpointResults: unknown[] | null;
}

/** SQL of the run-completion pipeline's own writes on run_records. */
@Injectable()
export class RunPipelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The run, locked, with the given stage column. */
  async lockRun(
    manager: EntityManager,
    runRecordId: string,
    column: string,
  ): Promise<PipelineRun | undefined> {
    const [run] = (await manager.query(
      `SELECT id, user_id, course_id, source, is_flagged, is_ranking_eligible, finished_at, checkpoint_passes,
              pipeline_completed_at, ${column}
         FROM run_records WHERE id = $1 FOR UPDATE`,
      [runRecordId],
    )) as PipelineRun[];
    return run;
  }

  async markStage(manager: EntityManager, runRecordId: string, column: string): Promise<void> {
    await manager.query(`UPDATE run_records SET ${column} = now() WHERE id = $1`, [runRecordId]);
  }

  async markCompleted(runRecordId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE run_records SET pipeline_completed_at = now(), pipeline_failed_at = NULL, pipeline_error = NULL
        WHERE id = $1 AND pipeline_completed_at IS NULL`,
      [runRecordId],
    );
  }

  async markFailed(runRecordId: string, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE run_records SET pipeline_failed_at = now(), pipeline_error = $2 WHERE id = $1`,
      [runRecordId, message.slice(0, 2_000)],
    );
  }

  /** A run without a course has no course verdict and never ranks. */
  async clearMatch(manager: EntityManager, runRecordId: string): Promise<void> {
    await manager.query(
      `UPDATE run_records SET course_completed = NULL, route_match_percent = NULL, max_deviation_meters = NULL,
                              course_completion = NULL, is_ranking_eligible = false
        WHERE id = $1`,
      [runRecordId],
    );
  }

  /** Both lines (GeoJSON) and the course facts the matcher needs. */
  async matchInput(manager: EntityManager, runRecordId: string): Promise<MatchInput | undefined> {
    const [row] = (await manager.query(
      `SELECT ST_AsGeoJSON(c.route_geometry)::json AS course_line, c.is_hidden, c.checkpoints,
              ST_AsGeoJSON(r.route_geometry)::json AS run_line
         FROM run_records r JOIN courses c ON c.id = r.course_id
        WHERE r.id = $1`,
      [runRecordId],
    )) as MatchInput[];
    return row;
  }

  async saveMatch(manager: EntityManager, runRecordId: string, match: MatchOutcome): Promise<void> {
    await manager.query(
      `UPDATE run_records SET course_completed = $2, route_match_percent = $3, max_deviation_meters = $4,
                              course_completion = $5, is_ranking_eligible = $6, checkpoint_results = $7
        WHERE id = $1`,
      [
        runRecordId,
        match.courseCompleted,
        match.routeMatchPercent,
        match.maxDeviationMeters,
        JSON.stringify(match.completion),
        match.eligible,
        match.checkpointResults ? JSON.stringify(match.checkpointResults) : null,
      ],
    );
  }

  async isRankingEligible(manager: EntityManager, runRecordId: string): Promise<boolean> {
    const [fresh] = (await manager.query(`SELECT is_ranking_eligible FROM run_records WHERE id = $1`, [
      runRecordId,
    ])) as Array<{ is_ranking_eligible: boolean }>;
    return fresh.is_ranking_eligible;
  }

  async saveOutcome(manager: EntityManager, runRecordId: string, outcome: RankingOutcome): Promise<void> {
    await manager.query(`UPDATE run_records SET ranking_outcome = $2 WHERE id = $1`, [
      runRecordId,
      JSON.stringify(outcome),
    ]);
  }

  /** What the notifications of a ranked run say: outcome, time, course title, runner's nickname. */
  async notificationFacts(
    manager: EntityManager,
    runRecordId: string,
  ): Promise<
    | {
        ranking_outcome: RankingOutcome | null;
        duration_seconds: number;
        title: string;
        nickname: string | null;
      }
    | undefined
  > {
    const [row] = (await manager.query(
      `SELECT r.ranking_outcome, r.duration_seconds, c.title, u.nickname
         FROM run_records r JOIN courses c ON c.id = r.course_id JOIN users u ON u.id = r.user_id
        WHERE r.id = $1`,
      [runRecordId],
    )) as Array<{
      ranking_outcome: RankingOutcome | null;
      duration_seconds: number;
      title: string;
      nickname: string | null;
    }>;
    return row;
  }
}
