export { ExportsModule } from './exports.module';
export { type ExportDownload, type ExportView, ExportsService } from './exports.service';
export type { ExportStatus } from './exports.repository';
export { type GpxPoint, gpxChunks } from './gpx-writer';
