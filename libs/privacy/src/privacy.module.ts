import { Module } from '@nestjs/common';
import { HeatmapModule } from '@runvs/heatmap';
import { PrivacyRerenderService } from './privacy-rerender.service';
import { PrivacyZonesRepository } from './privacy-zones.repository';
import { PrivacyZonesService } from './privacy-zones.service';

/** Privacy zones (table privacy_zones). CacheService comes from the global CacheModule. */
@Module({
  imports: [HeatmapModule],
  providers: [PrivacyZonesRepository, PrivacyZonesService, PrivacyRerenderService],
  exports: [PrivacyZonesService, PrivacyRerenderService],
})
export class PrivacyModule {}
