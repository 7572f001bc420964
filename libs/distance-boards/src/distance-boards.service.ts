import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { type PageRequest, offsetOf } from '@runvs/common';
import { DataSource } from 'typeorm';
import { type BoardPeriodKind, boardPeriod, periodsOf } from './board-period.rules';
import { type BoardRun, type BoardUser, DistanceBoardsRepository } from './distance-boards.repository';
import {
  type BoardScope,
  OVERALL,
  type ScopeTotal,
  countryScope,
  placeScope,
  scopeTotals,
} from './distance-boards.rules';
import { DistanceBoardsStore, type StoredEntry } from './distance-boards.store';
import { Gazetteer, normalizeCountry } from './places.rules';
import { PLACES_DATA } from './places.data';

export interface DistanceBoardQuery extends PageRequest {
  period: BoardPeriodKind;
  /** ISO 3166-1 alpha-2 (or a name of Korea) */
  country?: string | null;
  /** a place name (`Seoul`) or GeoNames id */
  region?: string | null;
}

export interface DistanceBoardEntry {
  rank: number;
  user: BoardUser;
  total_distance_meters: number;
  run_count: number;
  total_duration_seconds: number;
}

export interface DistanceBoard {
  data: DistanceBoardEntry[];
  my_ranking: DistanceBoardEntry | null;
  period_start: string;
  period_end: string;
}

/** Runners read per batch when a period is rebuilt from Postgres. */
const REBUILD_BATCH_RUNNERS = 500;

let gazetteer: Gazetteer | null = null;
/** The offline gazetteer, parsed on first use (~25k places). */
export function placesGazetteer(): Gazetteer {
  gazetteer ??= Gazetteer.parse(PLACES_DATA);
  return gazetteer;
}

/**
 * Weekly and monthly distance boards, overall and per country and place (where each run
 * started). The pipeline calls `refreshRunner` after a run's totals are committed, DELETE /runs
 * after the deletion commits: it re-reads the runner's runs of the affected week and month from
 * Postgres and sets their board entries to those absolute totals — so a retried or duplicated
 * refresh counts every run exactly once. Reading a page or "my rank" touches Redis and the users'
 * rows only; `rebuild` recreates a period's boards from Postgres (`npm run boards:rebuild`).
 */
@Injectable()
export class DistanceBoardsService {
  private readonly logger = new Logger(DistanceBoardsService.name);
  private readonly timeZone: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DistanceBoardsRepository,
    private readonly store: DistanceBoardsStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeZone = config.product.timeZone;
  }

  /** The runner's entries on the boards of the week and month holding `finishedAt`. */
  async refreshRunner(userId: string, finishedAt: Date): Promise<void> {
    const periods = periodsOf(finishedAt, this.timeZone);
    // The advisory lock orders concurrent refreshes of one runner: each reads after the previous wrote.
    await this.dataSource.transaction(async (manager) => {
      await this.repository.lockRunner(manager, userId);
      for (const period of periods) {
        const runs = await this.repository.runsOf(manager, userId, period.start, period.end);
        await this.store.setRunner(period, userId, this.totals(runs));
      }
    });
  }

  /** Recreates the boards of the periods holding `at` (default now) from the runs in Postgres. */
  async rebuild(
    kinds: readonly BoardPeriodKind[],
    at: Date = new Date(),
  ): Promise<{ period: string; runners: number }[]> {
    const result: { period: string; runners: number }[] = [];
    for (const kind of kinds) {
      const period = boardPeriod(kind, at, this.timeZone);
      await this.store.clearPeriod(period);
      let runners = 0;
      let after: string | null = null;
      for (;;) {
        const runs = await this.repository.runsOfNextRunners(
          this.dataSource.manager,
          period.start,
          period.end,
          after,
          REBUILD_BATCH_RUNNERS,
        );
        if (runs.length === 0) break;
        for (const [userId, own] of groupByRunner(runs)) {
          await this.store.setRunner(period, userId, this.totals(own));
          runners += 1;
          after = userId;
        }
      }
      this.logger.log(`rebuilt ${period.key}: ${runners} runners`);
      result.push({ period: period.key, runners });
    }
    return result;
  }

  /** GET /leaderboard/weekly: a page of the board and the viewer's own entry, however far down. */
  async board(
    query: DistanceBoardQuery,
    viewerId: string | null,
    now: Date = new Date(),
  ): Promise<DistanceBoard> {
    const period = boardPeriod(query.period, now, this.timeZone);
    const offset = offsetOf(query);
    const scope = this.scopeOf(query);
    const entries = scope ? await this.store.page(period, scope, offset, query.perPage) : [];
    const mine = scope && viewerId ? await this.store.position(period, scope, viewerId) : null;
    const users = await this.repository.users(this.dataSource.manager, [
      ...entries.map((entry) => entry.userId),
      ...(mine ? [mine.entry.userId] : []),
    ]);
    return {
      data: entries.map((entry, i) => toEntry(offset + i + 1, entry, users)),
      my_ranking: mine ? toEntry(mine.index + 1, mine.entry, users) : null,
      period_start: period.start.toISOString(),
      period_end: period.end.toISOString(),
    };
  }

  /** The board asked for, or null when the country or region names no board there can be. */
  private scopeOf(query: DistanceBoardQuery): BoardScope | null {
    const country = query.country ? normalizeCountry(query.country) : null;
    if (query.country && !country) return null;
    if (query.region) {
      const place = placesGazetteer().find(query.region, country);
      return place ? placeScope(place) : null;
    }
    return country ? countryScope(country) : OVERALL;
  }

  private totals(runs: readonly BoardRun[]): Map<BoardScope, ScopeTotal> {
    const places = placesGazetteer();
    return scopeTotals(runs, (lat, lng) => places.locate(lat, lng));
  }
}

function groupByRunner(runs: readonly BoardRun[]): Map<string, BoardRun[]> {
  const byRunner = new Map<string, BoardRun[]>();
  for (const run of runs) {
    const own = byRunner.get(run.user_id);
    if (own) own.push(run);
    else byRunner.set(run.user_id, [run]);
  }
  return byRunner;
}

function toEntry(rank: number, entry: StoredEntry, users: Map<string, BoardUser>): DistanceBoardEntry {
  return {
    rank,
    user: users.get(entry.userId) ?? {
      id: entry.userId,
      nickname: null,
      avatar_url: null,
      crew_name: null,
      runner_level: 1,
    },
    total_distance_meters: entry.distance,
    run_count: entry.runs,
    total_duration_seconds: entry.duration,
  };
}
