import { Module } from '@nestjs/common';
import { HeatmapRepository } from './heatmap.repository';
import { HeatmapService } from './heatmap.service';

@Module({ providers: [HeatmapRepository, HeatmapService], exports: [HeatmapService] })
export class HeatmapModule {}
