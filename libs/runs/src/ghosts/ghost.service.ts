import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheScopes, CacheService } from '@runvs/cache';
import { DomainError, notFound, isUuid } from '@runvs/common';
import { type GhostProfile, ghostProfile, hideGhostSamples, prepareCourse, toLngLatPairs } from '@runvs/geo';
import { PrivacyZonesService, privacyScope } from '@runvs/privacy';
import { DataSource } from 'typeorm';
import { RunTracksService } from '../records/run-tracks.service';
import { type GhostEffort, GhostRepository } from './ghost.repository';
import type { GhostOf, GhostView } from './ghost.types';

/** An effort's profile never changes; only the runner's zones or the course line can change it. */
const GHOST_CACHE_SECONDS = 24 * 3600;

/** `me`, `leader` or a user id (`of` of GET /courses/{id}/ghost); 422 naming `field` otherwise. */
export function parseGhostOf(value: unknown, field = 'of'): GhostOf {
  if (value === undefined || value === 'me') return { kind: 'me' };
  if (value === 'leader') return { kind: 'leader' };
  if (typeof value === 'string' && isUuid(value)) return { kind: 'user', userId: value.toLowerCase() };
  throw new DomainError('VALIDATION_ERROR', `Invalid request: ${field}`, {
    fields: [{ field, messages: [`${field} must be "me", "leader" or a user id`] }],
  });
}

/** The stored form of a ghost choice (`run_sessions.ghost_of`). */
export function ghostOfText(of: GhostOf): string {
  return of.kind === 'user' ? of.userId : of.kind;
}

/**
 * Ghosts to race on a course: the effort's recorded track located IN ORDER along the course line
 * (`ghostProfile` of @runvs/geo), sampled into a few hundred time-at-distance points the app can
 * carry offline. Only efforts the viewer may see: their own, the course record of a course they
 * can see, or the best of a runner they follow (or are friends with) and who has not blocked them.
 * Another runner's samples inside that runner's privacy zones are hidden.
 */
@Injectable()
export class GhostService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: GhostRepository,
    private readonly tracks: RunTracksService,
    private readonly privacy: PrivacyZonesService,
    private readonly cache: CacheService,
  ) {}

  async ghost(courseId: string, of: GhostOf, viewerId: string): Promise<GhostView> {
    const manager = this.dataSource.manager;
    const course = await this.repository.course(manager, courseId, viewerId);
    if (!course) throw notFound('Course');
    const effort = await this.effort(courseId, of, viewerId);
    if (!effort) throw notFound('Ghost');
    const redact = effort.user_id !== viewerId;
    const view = await this.cache.getOrLoadScoped(
      [CacheScopes.course(courseId), privacyScope(effort.user_id)],
      this.cache.key('ghost', courseId, effort.run_record_id, redact ? 'shared' : 'own'),
      GHOST_CACHE_SECONDS,
      () => this.build(courseId, effort, redact),
    );
    if (!view) throw notFound('Ghost');
    return { ...view, of: of.kind };
  }

  private async effort(courseId: string, of: GhostOf, viewerId: string): Promise<GhostEffort | null> {
    const manager = this.dataSource.manager;
    switch (of.kind) {
      case 'me':
        return this.repository.ownBestEffort(manager, courseId, viewerId);
      case 'leader':
        return this.repository.leaderEffort(manager, courseId);
      case 'user':
        if (of.userId === viewerId) return this.repository.ownBestEffort(manager, courseId, viewerId);
        if (!(await this.repository.mayRace(manager, viewerId, of.userId))) return null;
        return this.repository.rankedEffort(manager, courseId, of.userId);
    }
  }

  /**
   * The time-at-distance profile of one run on one course (null when it has no usable timed
   * track); `redact` hides the samples inside the runner's privacy zones.
   */
  async profileOf(
    courseId: string,
    run: { run_record_id: string; user_id: string },
    redact: boolean,
  ): Promise<{ profile: GhostProfile; hidden: number } | null> {
    const [coordinates, track] = await Promise.all([
      this.repository.courseLine(this.dataSource.manager, courseId),
      this.tracks.trackOf(run.run_record_id),
    ]);
    if (!coordinates || !track) return null;
    const line = toLngLatPairs(coordinates);
    const course = prepareCourse(line);
    const fixes = track.samples
      .filter((s) => s.time !== null)
      .map((s) => ({ lat: s.lat, lng: s.lng, time: s.time as number }));
    const profile = ghostProfile(course, fixes, track.pauses);
    if (!profile) return null;
    if (!redact) return { profile, hidden: 0 };
    const zones = (await this.privacy.zonesOf([run.user_id])).get(run.user_id) ?? [];
    return hideGhostSamples(profile, line, zones);
  }

  /** Whose effort `of` names for the viewer on a course (null: none they may race). */
  resolveEffort(courseId: string, of: GhostOf, viewerId: string): Promise<GhostEffort | null> {
    return this.effort(courseId, of, viewerId);
  }

  /** The profile of one effort on one course (null when the effort has no usable timed track). */
  private async build(courseId: string, effort: GhostEffort, redact: boolean): Promise<GhostView | null> {
    const profiled = await this.profileOf(courseId, effort, redact);
    if (!profiled) return null;
    const { profile, hidden } = profiled;
    return {
      course_id: courseId,
      of: 'me',
      runner: { id: effort.user_id, nickname: effort.nickname, avatar_url: effort.avatar_url },
      run_record_id: effort.run_record_id,
      achieved_at: new Date(effort.finished_at).toISOString(),
      duration_seconds: effort.duration_seconds,
      course_distance_meters: Math.round(profile.courseMeters),
      sample_interval_meters: Math.round(profile.intervalMeters * 100) / 100,
      samples: profile.seconds,
      hidden_samples: hidden,
    };
  }
}
