import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheService } from '@runvs/cache';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { REDIS_CLIENT } from '@runvs/redis';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type Box,
  gridLevelFor,
  quantizeViewport,
  regionsCovering,
  regionsOfBounds,
  splitAtAntimeridian,
  unionBox,
  type Viewport,
} from './heatmap-grid';
import { type HeatmapCell, HeatmapRepository } from './heatmap.repository';

const TILE_TTL_SECONDS = 600;
const GLOBAL_REGION = 'global';

/**
 * The public heatmap. Answers are cached per quantized viewport, keyed by version counters of the
 * 1° regions the viewport covers: a run recorded in Seoul invalidates Seoul's tiles, not Busan's.
 */
@Injectable()
export class HeatmapService {
  private readonly logger = new Logger(HeatmapService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: HeatmapRepository,
    private readonly cache: CacheService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  async heatmap(viewport: Viewport, limit: number): Promise<HeatmapCell[]> {
    const { level, cell } = gridLevelFor(viewport);
    const tile = quantizeViewport(viewport, cell);
    const boxes = splitAtAntimeridian(tile);
    const regions = regionsCovering(boxes) ?? [GLOBAL_REGION];
    const versions = await this.versionsOf(regions);
    const key = this.cache.key(
      'heatmap',
      createHash('sha1')
        .update(JSON.stringify([tile, level, limit, regions, versions, this.config.heatmap.minRunners]))
        .digest('hex'),
    );
    const cells = await this.cache.getOrLoad(key, TILE_TTL_SECONDS, () =>
      this.repository.aggregate(boxes, level, cell, limit, this.config.heatmap.minRunners),
    );
    return cells.filter((cell) => inside(viewport, cell));
  }

  /** (Re)writes a run's heatmap samples in the caller's transaction; call `invalidate` after commit. */
  recordRun(manager: EntityManager, runRecordId: string): Promise<Box | null> {
    return this.repository.replaceRunPoints(manager, runRecordId);
  }

  /**
   * The first recording of a run not recorded yet (its `heatmap_at` null), in one round trip; the
   * caller sets `heatmap_at` with its own update of the run. Call `invalidate` after commit.
   */
  recordNewRun(manager: EntityManager, runRecordId: string): Promise<Box | null> {
    return this.repository.recordNewRun(manager, runRecordId);
  }

  /** `recordRun` for each run in turn; returns the union of what changed (null: nothing). */
  async recordRuns(manager: EntityManager, runRecordIds: readonly string[]): Promise<Box | null> {
    let changed: Box | null = null;
    for (const runRecordId of runRecordIds)
      changed = unionBox(changed, await this.recordRun(manager, runRecordId));
    return changed;
  }

  /** Convenience for callers outside a transaction: record, commit, invalidate. */
  async refreshRun(runRecordId: string): Promise<void> {
    const bounds = await this.dataSource.transaction((manager) => this.recordRun(manager, runRecordId));
    await this.invalidate(bounds);
  }

  /** Bumps the versions of the regions a changed run touched (and the global one). */
  async invalidate(bounds: Box | null): Promise<void> {
    if (!bounds) return;
    const regions = [...regionsOfBounds(bounds), GLOBAL_REGION];
    try {
      const pipeline = this.redis.multi();
      for (const region of regions) pipeline.incr(this.versionKey(region));
      await pipeline.exec();
    } catch (error) {
      // Tiles then expire within TILE_TTL_SECONDS on their own.
      this.logger.warn(`heatmap invalidation skipped: ${(error as Error).message}`);
    }
  }

  private async versionsOf(regions: string[]): Promise<Array<string | null>> {
    try {
      return await this.redis.mget(...regions.map((region) => this.versionKey(region)));
    } catch {
      return regions.map(() => 'redis-unavailable');
    }
  }

  private versionKey(region: string): string {
    return this.cache.key('heatmap-version', region);
  }
}

function inside(viewport: Viewport, cell: HeatmapCell): boolean {
  const latOk = cell.lat >= viewport.swLat && cell.lat <= viewport.neLat;
  const lngOk =
    viewport.swLng <= viewport.neLng
      ? cell.lng >= viewport.swLng && cell.lng <= viewport.neLng
      : cell.lng >= viewport.swLng || cell.lng <= viewport.neLng;
  return latOk && lngOk;
}
