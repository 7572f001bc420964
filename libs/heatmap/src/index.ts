export {
  type Box,
  cellAt,
  gridLevelFor,
  MAX_LEVEL,
  splitAtAntimeridian,
  unionBox,
  type Viewport,
} from './heatmap-grid';
export { type HeatmapCell, PRIVACY_TRIM_METERS, SAMPLE_SPACING_METERS } from './heatmap.repository';
export { HeatmapModule } from './heatmap.module';
export { HeatmapService } from './heatmap.service';
