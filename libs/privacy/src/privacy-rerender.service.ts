import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PrivacyCircle } from '@runvs/geo';
import { HeatmapService } from '@runvs/heatmap';
import { DataSource } from 'typeorm';
import { PrivacyZonesRepository } from './privacy-zones.repository';

/**
 * After a runner's zones change, re-renders what was stored from their runs with the old zones:
 * the heatmap samples of every run that comes into an old or a new zone are written again (the
 * heatmap leaves out samples inside the owner's zones), and the touched tiles are invalidated.
 * Idempotent: it always renders with the zones as they are now.
 */
@Injectable()
export class PrivacyRerenderService {
  private readonly logger = new Logger(PrivacyRerenderService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PrivacyZonesRepository,
    private readonly heatmap: HeatmapService,
  ) {}

  async rerender(userId: string, previous: readonly PrivacyCircle[]): Promise<number> {
    const manager = this.dataSource.manager;
    const current = (await this.repository.zonesOf(manager, [userId])).get(userId) ?? [];
    const runIds = await this.repository.runsTouching(manager, userId, [...previous, ...current]);
    for (const runId of runIds) await this.heatmap.refreshRun(runId);
    if (runIds.length > 0) this.logger.log(`privacy zones of ${userId}: ${runIds.length} run(s) re-rendered`);
    return runIds.length;
  }
}
