import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound } from '@runvs/common';
import { type GhostSplit, compareWithGhost } from '@runvs/geo';
import { DataSource } from 'typeorm';
import { GhostRepository } from './ghost.repository';
import { GhostService, parseGhostOf } from './ghost.service';
import type { GhostOf } from './ghost.types';

/** The comparison is per course kilometre. */
export const GHOST_SEGMENT_METERS = 1000;

export interface GhostComparison {
  run_record_id: string;
  course_id: string;
  ghost: {
    of: GhostOf['kind'];
    runner: { id: string; nickname: string | null; avatar_url: string | null };
    run_record_id: string;
    achieved_at: string;
    duration_seconds: number;
  };
  segment_meters: number;
  /** per kilometre of the course: my time, the ghost's, gained (+) or lost (−), and the gap after it */
  splits: GhostSplit[];
  /** my time minus the ghost's at the last compared point (negative = ahead) */
  final_gap_seconds: number | null;
}

/**
 * After a course run: where the runner gained or lost time against a ghost, kilometre by
 * kilometre along the course line. `me` is the runner's best on the course from BEFORE this run
 * (the ghost they raced); `leader` and a followed runner are as GET /courses/{id}/ghost resolves
 * them, with the other runner's privacy-zone samples left out of the comparison.
 */
@Injectable()
export class GhostComparisonService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: GhostRepository,
    private readonly ghosts: GhostService,
  ) {}

  /**
   * The comparison the complete answer and the run detail carry: against the ghost the live session
   * chose (`me` when none was chosen), once the pipeline has matched the run as a completed effort
   * on its course; null otherwise, or when there is no ghost to compare with (a first run on the
   * course, a ghost no longer visible, no recorded track).
   */
  async ofRun(runRecordId: string, ownerId: string): Promise<GhostComparison | null> {
    const race = await this.repository.raceOf(this.dataSource.manager, runRecordId);
    if (!race?.course_id || !race.done || race.course_completed !== true) return null;
    try {
      return await this.compare(runRecordId, parseGhostOf(race.ghost_of ?? 'me'), ownerId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  async compare(runRecordId: string, of: GhostOf, viewerId: string): Promise<GhostComparison> {
    const manager = this.dataSource.manager;
    const run = await this.repository.run(manager, runRecordId);
    if (!run || run.user_id !== viewerId) throw notFound('Run record');
    if (!run.course_id) throw notFound('Ghost');
    const courseId = run.course_id;
    const effort =
      of.kind === 'me' || (of.kind === 'user' && of.userId === viewerId)
        ? await this.repository.ownBestBefore(manager, courseId, viewerId, run.finished_at)
        : await this.ghosts.resolveEffort(courseId, of, viewerId);
    if (!effort || effort.run_record_id === run.id) throw notFound('Ghost');
    const [mine, theirs] = await Promise.all([
      this.ghosts.profileOf(courseId, { run_record_id: run.id, user_id: run.user_id }, false),
      this.ghosts.profileOf(courseId, effort, effort.user_id !== viewerId),
    ]);
    if (!mine || !theirs) throw notFound('Ghost');
    const splits = compareWithGhost(mine.profile, theirs.profile, GHOST_SEGMENT_METERS);
    return {
      run_record_id: run.id,
      course_id: courseId,
      ghost: {
        of: of.kind,
        runner: { id: effort.user_id, nickname: effort.nickname, avatar_url: effort.avatar_url },
        run_record_id: effort.run_record_id,
        achieved_at: new Date(effort.finished_at).toISOString(),
        duration_seconds: effort.duration_seconds,
      },
      segment_meters: GHOST_SEGMENT_METERS,
      splits,
      final_gap_seconds: splits.length > 0 ? splits[splits.length - 1].gap_seconds : null,
    };
  }
}
